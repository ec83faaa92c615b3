/**
 * rtpengine dies under live calls, against the built server: two trunk callers (Node SIP stacks with RTP
 * peers, support/trunk-caller.ts) talk to alice's and bob's desk phones (SIPp, echoing the caller's audio),
 * then the server's rtpengine child is killed with SIGKILL. Every call must end cleanly: both SIP sides get a
 * BYE, the records say the media was lost, and the server stays up. While the supervisor waits to restart
 * rtpengine, /healthz reports the media plane down and a new call is refused with 503 and Retry-After; once
 * it is back, a new call connects with audio both ways, and rtpengine is left holding no session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOnDeskPhone, registerDeskPhone } from '../support/call-peers.js';
import { readCallRecords } from '../support/call-records.js';
import { rtpengineChildOf } from '../support/child-processes.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions, listMediaSessions } from '../support/media-sessions.js';
import { readMetric } from '../support/metrics.js';
import { describeSipp, type SippResult } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import {
  CallRefusedError,
  startTrunkCaller,
  type TrunkCall,
  type TrunkCaller,
} from '../support/trunk-caller.js';

const CALLER_TONE_HZ = 1_000;
/** Long enough to place a call while rtpengine is down, and to see /healthz say so. */
const RESTART_DELAY_MS = 2_000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tandem: TandemServer;
let trunk: TrunkCaller;
/** Every desk phone started: awaited at the end, so that none outlives a failed test (SIPp stops itself). */
const phones: Promise<SippResult>[] = [];

beforeAll(async () => {
  tandem = await startTandem({
    env: {
      TANDEM_CALLS_RING_TIMEOUT_SECONDS: '5',
      TANDEM_MEDIA_RTPENGINE_RESTART_INITIAL_DELAY_MS: String(RESTART_DELAY_MS),
    },
  });
  trunk = await startTrunkCaller(tandem, { toneHz: CALLER_TONE_HZ });
});

afterAll(async () => {
  await trunk?.close();
  await Promise.allSettled(phones);
  await tandem?.stop();
});

interface MediaHealth {
  readonly httpStatus: number;
  readonly media: { readonly status: string; readonly detail?: string } | undefined;
}

async function health(): Promise<MediaHealth> {
  const response = await fetch(`${tandem.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
  const report = (await response.json()) as { components: Record<string, MediaHealth['media']> };
  return { httpStatus: response.status, media: report.components['media'] };
}

/** The caller hears its own tone, echoed by the agent's desk phone through rtpengine: audio both ways. */
async function expectEchoedTone(call: TrunkCall): Promise<void> {
  const listen = () => call.hears(CALLER_TONE_HZ, 600);
  await expect.poll(async () => (await listen()).toneShare, { timeout: 5_000 }).toBeGreaterThan(0.5);
  const heard = await listen();
  expect(heard.packets, JSON.stringify(heard)).toBeGreaterThanOrEqual(20);
  expect(heard.level, JSON.stringify(heard)).toBeGreaterThan(1_000);
}

/** A desk phone for `username` (registered from its own port), answering the next call offered to it. */
async function deskPhone(
  username: string,
  port?: number,
): Promise<{ port: number; done: Promise<SippResult> }> {
  const phonePort = port ?? (await freeLoopbackPort());
  if (port === undefined) await registerDeskPhone(tandem, phonePort, username);
  const done = answerOnDeskPhone(tandem, phonePort);
  phones.push(done);
  await delay(300); // SIPp needs a moment to listen
  return { port: phonePort, done };
}

describe('rtpengine killed under live calls', () => {
  it('ends every call with a BYE to both sides, records media-lost, refuses calls with 503 until it is back, then connects again', async () => {
    const alice = await deskPhone('alice');
    const bob = await deskPhone('bob');
    const calls = [await trunk.dial('+15550101'), await trunk.dial('+15550101')];
    for (const call of calls) await expectEchoedTone(call);
    expect(await listMediaSessions(tandem.media.ngPort)).toHaveLength(2);

    // The rtpengine the server supervises is its child process.
    const firstPid = await rtpengineChildOf(tandem.pid);
    expect((await health()).media?.detail).toContain(`pid ${firstPid}`);
    process.kill(firstPid, 'SIGKILL');

    // Both callers and both desk phones get a BYE; SIPp fails its scenario otherwise.
    expect(await Promise.all(calls.map((call) => call.ended))).toEqual(['remote-bye', 'remote-bye']);
    for (const phone of await Promise.all([alice.done, bob.done])) {
      expect(phone.exitCode, describeSipp(phone)).toBe(0);
    }
    await expect.poll(() => readMetric(tandem.baseUrl, 'tandem_calls_active')).toBe(0);
    const records = readCallRecords(tandem.dataDir);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toMatchObject({ status: 'completed', endReason: 'media-lost', hangupBy: 'system' });
      expect(record.answeredAt).not.toBeNull();
    }

    // While rtpengine is down the server says so, and refuses new calls with 503 and Retry-After.
    const down = await health();
    expect(down.httpStatus, JSON.stringify(down)).toBe(503);
    expect(down.media?.status).toBe('down');
    const again = await deskPhone('alice', alice.port);
    const refused = await trunk.dial('+15550101').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CallRefusedError);
    expect(refused).toMatchObject({ status: 503, retryAfter: '30' });

    // The supervisor restarts rtpengine: a new process, healthy again, counted once.
    await expect
      .poll(async () => (await health()).httpStatus, { timeout: RESTART_DELAY_MS + 8_000 })
      .toBe(200);
    const secondPid = await rtpengineChildOf(tandem.pid);
    expect(secondPid).not.toBe(firstPid);
    expect((await health()).media).toMatchObject({ status: 'ok' });
    expect((await health()).media?.detail).toContain(`pid ${secondPid}, 1 restarts`);
    expect(await readMetric(tandem.baseUrl, 'tandem_media_rtpengine_restarts_total')).toBe(1);

    // A new call connects with audio both ways, and ends as usual.
    const call = await trunk.dial('+15550101');
    await expectEchoedTone(call);
    expect(await call.hangup()).toBe(200);
    const phone = await again.done;
    expect(phone.exitCode, describeSipp(phone)).toBe(0);
    await expectNoMediaSessions(tandem.media.ngPort);
    await expect.poll(() => readCallRecords(tandem.dataDir).at(-1)?.endReason).toBe('caller-hangup');
    expect(readCallRecords(tandem.dataDir).map((record) => record.endReason)).toEqual([
      'media-lost',
      'media-lost',
      'media-unavailable',
      'caller-hangup',
    ]);
  }, 60_000);
});
