/**
 * Blind transfer by the API against the built server: a caller on the demo trunk (a SIP stack with an RTP peer
 * that talks a 1 kHz tone and keeps what it hears) reaches alice's desk phone (SIPp, echoing the caller's audio);
 * alice's client presses Transfer to bob (POST /api/calls/transfer, no REFER); bob's desk phone (SIPp, echoing
 * too) rings and answers, alice's phone gets a BYE and exits. The caller still hears its echo afterwards, which
 * only bob can send then. Also who may not transfer and what
 * cannot be: 400, 401, 403, 404 (no such call, unknown target: the call stays with alice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOnDeskPhone, openEventStream, registerDeskPhone } from '../support/call-peers.js';
import { readCallRecords } from '../support/call-records.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { describeSipp } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller, type TrunkCaller } from '../support/trunk-caller.js';

const CALLER_HZ = 1_000;

let tandem: TandemServer;
let trunk: TrunkCaller | undefined;

beforeAll(async () => {
  tandem = await startTandem({ env: { TANDEM_CALLS_RING_TIMEOUT_SECONDS: '5' } });
});

afterAll(async () => {
  await trunk?.close();
  await tandem?.stop();
});

function transfer(body: unknown, username = 'alice', password = 'demo') {
  return fetch(`${tandem.baseUrl}/api/calls/transfer`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
}

describe('POST /api/calls/transfer', () => {
  it('hands the caller from alice to bob: bob is heard, alice is released, the record says transferred', async () => {
    const events = await openEventStream(tandem, 'alice', 'demo');
    const [alicePort, bobPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    await registerDeskPhone(tandem, alicePort, 'alice');
    await registerDeskPhone(tandem, bobPort, 'bob');
    const alicePhone = answerOnDeskPhone(tandem, alicePort);
    await new Promise((resolve) => setTimeout(resolve, 300));
    trunk = await startTrunkCaller(tandem, { toneHz: CALLER_HZ });
    const caller = await trunk.dial('+15550101');

    // alice's phone echoes: the caller hears its own tone.
    await expect.poll(async () => (await caller.hears(CALLER_HZ)).toneShare).toBeGreaterThan(0.5);
    await expect
      .poll(() => events.messages.find((message) => message.event?.type === 'answered'))
      .toBeDefined();
    const callId = events.messages.find((message) => message.event?.type === 'answered')!.event!.callId;

    expect((await transfer({ callId, target: '1002' }, 'alice', 'wrong')).status).toBe(401);
    expect((await transfer({ callId, target: '1002' }, 'bob')).status).toBe(403);
    expect((await transfer({ callId: 'no-such-call', target: '1002' })).status).toBe(404);
    expect((await transfer({ callId, target: 'two words' })).status).toBe(400);
    expect((await transfer({ callId })).status).toBe(400);
    const unknown = await transfer({ callId, target: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: 404 });
    // Still alice's call: the caller goes on hearing her phone's echo.
    expect((await caller.hears(CALLER_HZ)).toneShare).toBeGreaterThan(0.5);

    const bobPhone = answerOnDeskPhone(tandem, bobPort);
    const transferred = await transfer({ callId, target: '1002' });
    expect(transferred.status).toBe(200);
    expect(await transferred.json()).toEqual({ status: 200 });

    // alice's phone got its BYE and is gone; whatever echo the caller hears now comes from bob.
    const aliceResult = await alicePhone;
    expect(aliceResult.exitCode, describeSipp(aliceResult)).toBe(0);
    const afterTransfer = await caller.hears(CALLER_HZ);
    expect(afterTransfer.packets, JSON.stringify(afterTransfer)).toBeGreaterThanOrEqual(40);
    expect(afterTransfer.toneShare, JSON.stringify(afterTransfer)).toBeGreaterThan(0.5);

    expect(await caller.hangup()).toBe(200);
    const bobResult = await bobPhone;
    expect(bobResult.exitCode, describeSipp(bobResult)).toBe(0);
    await expectNoMediaSessions(tandem.media.ngPort);
    await expect.poll(() => readCallRecords(tandem.dataDir).at(-1)?.status).toBe('completed');
    const record = readCallRecords(tandem.dataDir).at(-1)!;
    expect(record).toMatchObject({ endReason: 'caller-hangup', hangupBy: 'caller' });
    expect(record.events).toEqual(
      expect.arrayContaining(['answered', 'transfer-failed', 'transferred', 'ended']),
    );
    events.ws.close();
  }, 60_000);
});
