/**
 * The agent's call controls, heard from the caller's side: a caller on the demo trunk dials the support
 * number, alice answers in Chromium (SIP.js over WSS, WebRTC through rtpengine), and
 * - both hear each other: the browser's getStats shows the caller's tone arriving with energy, and the caller
 *   receives G.711 carrying the browser's 440 Hz microphone;
 * - alice holds: the caller hears music (loud packets that are not her tone) until she resumes, then her tone;
 * - alice keys digits by SIP INFO and as RFC 4733 events: the caller receives RFC 4733 events of those digits;
 * - the caller hangs up, and in a second call alice hangs up first: each side sees the BYE, and the call
 *   records say who ended the call.
 *
 * The caller is a Node SIP stack with an RTP peer (support/trunk-caller.ts), not SIPp: the checks need to
 * decode what the caller receives (music against the agent's tone, RFC 4733 digits), and SIPp only plays a
 * pcap or echoes. The SIPp caller's half of this journey is trunk-call-to-browser-agent.spec.ts.
 */
import type { BrowserCall } from '../support/browser-agent/browser-call.node.js';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { readCallRecords } from '../support/call-records.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { digitsOf, startTrunkCaller, type TrunkCall, type TrunkCaller } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the caller hears of alice in the next `ms`: packets, level, and the share of her 440 Hz tone. */
const callerHears = (caller: TrunkCall, ms?: number) => caller.hears(AGENT_TONE_HZ, ms);

/** The trunk dials the support number and alice answers it in the browser. */
async function answeredCall(trunk: TrunkCaller, alice: { nextIncomingCall(): Promise<BrowserCall> }) {
  const dialling = trunk.dial('+15550101');
  const call = await alice.nextIncomingCall();
  await call.answer();
  return { call, caller: await dialling };
}

test.describe('an agent in Chromium on a trunk call', () => {
  let trunk: TrunkCaller | undefined;

  test.afterEach(async () => {
    await trunk?.close();
    trunk = undefined;
  });

  test('is heard both ways, holds with music for the caller, resumes, keys DTMF; the caller hangs up', async ({
    openAgent,
    tandem,
  }) => {
    test.setTimeout(90_000);
    const alice = await openAgent({ tandem, username: 'alice', transport: 'wss' });
    await alice.registered();
    trunk = await startTrunkCaller(tandem);
    const { call, caller } = await answeredCall(trunk, alice);

    // The caller's tone is heard in the browser, over a loopback candidate pair.
    const heard = await call.waitForAudio({ minPackets: 50, minEnergy: 0.0001, timeoutMs: 10_000 });
    expect(heard.stats.selectedPair?.localAddress).toBe('127.0.0.1');
    // alice's microphone reaches the caller: loud G.711, nearly all of it her 440 Hz tone.
    await expect.poll(async () => (await callerHears(caller)).toneShare).toBeGreaterThan(0.5);
    const talking = await callerHears(caller);
    expect(talking.packets, JSON.stringify(talking)).toBeGreaterThanOrEqual(40);
    expect(talking.level, JSON.stringify(talking)).toBeGreaterThan(1_000);

    // Hold: Tandem re-INVITEs the caller sendonly and plays music; alice's tone is blocked meanwhile.
    await call.hold();
    await expect.poll(() => call.snapshot().then((snapshot) => snapshot.held)).toBe(true);
    expect(caller.reinvites).toEqual(['sendonly']);
    await delay(300); // what was in flight before the hold
    const onHold = await callerHears(caller, 1_500);
    expect(onHold.packets, JSON.stringify(onHold)).toBeGreaterThanOrEqual(60);
    expect(onHold.level, JSON.stringify(onHold)).toBeGreaterThan(500);
    expect(onHold.toneShare, JSON.stringify(onHold)).toBeLessThan(0.2);

    // Resume: the music stops and alice's tone is back at the caller; the caller is heard in the browser.
    await call.unhold();
    await expect.poll(() => caller.reinvites.at(-1)).toBe('sendrecv');
    await expect.poll(async () => (await callerHears(caller)).toneShare).toBeGreaterThan(0.5);
    const resumed = await callerHears(caller);
    expect(resumed.level, JSON.stringify(resumed)).toBeGreaterThan(1_000);
    await call.waitForAudio({ minPackets: 25, minEnergy: 0.0001 });

    // DTMF keyed by SIP INFO (Tandem has rtpengine play it as RFC 4733 events), then played by the browser's
    // RTCDTMFSender (RFC 4733 in her media): the caller receives events of exactly those digits, with end bits.
    // In this order: rtpengine 10.5 starts a played digit in the past by the total length of the RFC 4733
    // events it has forwarded from the same leg, so a digit no longer than those is dropped whole
    // (dtmf-relay.ts; server/calls/dtmf-after-rfc4733.test.ts reproduces it without a browser).
    let mark = caller.mark();
    await call.sendDtmf('5*', { method: 'info', durationMs: 160 });
    await expect.poll(() => digitsOf(caller.eventsSince(mark), { ended: true })).toBe('5*');
    expect(digitsOf(caller.eventsSince(mark))).toBe('5*');
    mark = caller.mark();
    await call.sendDtmf('12#', { method: 'rfc4733', durationMs: 160 });
    await expect.poll(() => digitsOf(caller.eventsSince(mark), { ended: true })).toBe('12#');
    expect(digitsOf(caller.eventsSince(mark))).toBe('12#');

    // The caller hangs up: the browser's call ends by the other side's BYE.
    expect(await caller.hangup()).toBe(200);
    expect(await call.ended()).toEqual({ by: 'remote', cause: 'bye' });
    await expectNoMediaSessions(tandem.media.ngPort);
    await expect.poll(() => readCallRecords(tandem.dataDir).at(-1)?.status).toBe('completed');
    const [record] = readCallRecords(tandem.dataDir);
    expect(record).toMatchObject({ endReason: 'caller-hangup', hangupBy: 'caller' });
    expect(record!.answeredAt).not.toBeNull();
    expect(record!.events).toEqual(expect.arrayContaining(['answered', 'held', 'resumed']));
  });

  test('the agent hangs up first: the caller gets the BYE, and the record says the agent ended it', async ({
    openAgent,
    tandem,
  }) => {
    test.setTimeout(60_000);
    const alice = await openAgent({ tandem, username: 'alice', transport: 'wss' });
    await alice.registered();
    trunk = await startTrunkCaller(tandem);
    const { call, caller } = await answeredCall(trunk, alice);
    await call.waitForAudio({ minPackets: 50, minEnergy: 0.0001, timeoutMs: 10_000 });
    await expect.poll(async () => (await callerHears(caller)).toneShare).toBeGreaterThan(0.5);

    expect(await call.hangup()).toEqual({ by: 'local', cause: 'bye' });
    expect(await caller.ended).toBe('remote-bye');
    await expectNoMediaSessions(tandem.media.ngPort);
    await expect.poll(() => readCallRecords(tandem.dataDir).at(-1)?.status).toBe('completed');
    const [record] = readCallRecords(tandem.dataDir);
    expect(record).toMatchObject({ endReason: 'callee-hangup', hangupBy: 'callee' });
    expect(record!.answeredAt).not.toBeNull();
  });
});
