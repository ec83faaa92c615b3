/**
 * A caller on the demo trunk reaches an agent, with media through rtpengine, against the built server:
 * SIPp registers as alice (a desk phone over UDP), a second SIPp plays the trunk and calls +15550101, the
 * agent's phone answers and echoes the caller's audio. Media is verified in rtpengine itself (packets from
 * both sides of the bridge) and the call record is checked. Then the refusals: unknown trunk, unknown number,
 * nobody registered, and the caller cancelling while the agent's phone rings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../server/shared/logger.js';
import { NgChannel } from '../../server/sfu/ng/ng-channel.js';
import { NgClient } from '../../server/sfu/ng/ng-client.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { readMetric } from '../support/metrics.js';
import { answerOnDeskPhone, openEventStream, registerDeskPhone, trunkCall } from '../support/call-peers.js';
import { describeSipp } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;
let ng: NgClient;
let channel: NgChannel;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  tandem = await startTandem({ env: { TANDEM_CALLS_RING_TIMEOUT_SECONDS: '5' } });
  channel = await NgChannel.open({
    host: '127.0.0.1',
    port: tandem.media.ngPort,
    timeoutMs: 1_000,
    retries: 1,
    logger: createRootLogger({ level: 'silent' }),
  });
  ng = new NgClient(channel);
});

afterAll(async () => {
  channel?.close();
  await tandem?.stop();
});

/** `tandem_calls_ended_total` for one reason. */
async function endedCalls(reason: string): Promise<number> {
  const text = await (await fetch(`${tandem.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith('tandem_calls_ended_total{') && row.includes(`reason="${reason}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Packets rtpengine received from each side of each call it holds. */
async function packetsPerSide(): Promise<{ label: string | null; packets: number }[][]> {
  const calls = await ng.list();
  return Promise.all(
    calls.map(async (callId) => {
      const info = await ng.query({ callId });
      return info.tags.map((tag) => ({
        label: tag.label,
        packets: tag.medias
          .flatMap((media) => media.streams)
          .reduce((sum, stream) => sum + stream.packets, 0),
      }));
    }),
  );
}

describe('the agent event stream', () => {
  it('closes a connection with a wrong password (4401)', async () => {
    const stream = await openEventStream(tandem, 'alice', 'wrong');
    expect(await stream.closed).toBe(4401);
    expect(stream.messages).toEqual([]);
  });
});

describe('a trunk call to the support number', () => {
  it('reaches the registered agent, with audio both ways through rtpengine, and is recorded', async () => {
    const events = await openEventStream(tandem, 'alice', 'demo');
    await expect.poll(() => events.messages[0]?.type).toBe('ready');
    const callEvents = () => events.messages.filter((message) => message.type === 'call');
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    const phone = answerOnDeskPhone(tandem, phonePort);
    await delay(300);
    const caller = trunkCall(tandem);

    // While the caller talks, rtpengine must see packets from the caller and, echoed, from the agent.
    let sides: { label: string | null; packets: number }[] = [];
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline) {
      sides = (await packetsPerSide())[0] ?? [];
      if (sides.length >= 2 && sides.every((side) => side.packets >= 50)) break;
      await delay(200);
    }
    // Two sides (the caller and the agent), each heard: the caller's file, and the agent's echo of it.
    expect(sides).toHaveLength(2);
    for (const side of sides) expect(side.packets, JSON.stringify(sides)).toBeGreaterThanOrEqual(50);

    const [callerResult, phoneResult] = await Promise.all([caller, phone]);
    expect(callerResult.exitCode, describeSipp(callerResult)).toBe(0);
    expect(phoneResult.exitCode, describeSipp(phoneResult)).toBe(0);
    // The media session is gone from rtpengine with the call.
    await expect.poll(() => ng.list(), { timeout: 3_000 }).toEqual([]);
    expect(await readMetric(tandem.baseUrl, 'tandem_calls_active')).toBe(0);
    expect(await endedCalls('caller-hangup')).toBe(1);
    // alice's client followed the call as it happened.
    await expect
      .poll(() => callEvents().map((message) => message.event?.type))
      .toEqual(['ringing', 'answered', 'ended']);
    expect(callEvents().at(-1)?.event?.reason).toBe('caller-hangup');
    // ... and her ACD state: logged in by registering, offered the call, on it, then free again.
    const states = events.messages.filter((message) => message.type === 'agent');
    expect(states.map((message) => (message as unknown as { state: string }).state)).toEqual([
      'Available',
      'Offered',
      'OnCall',
      'Available',
    ]);
    events.ws.close();
  }, 40_000);
});
