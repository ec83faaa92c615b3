/**
 * Teams presence gating real calls on the built server: Tandem configured (environment only) to poll the
 * fake Microsoft Graph through the fake identity platform, both on 127.0.0.1 with a test CA. alice's desk
 * phone (SIPp) registers; Teams shows her in a meeting, so the state API says why she is not offered calls
 * and a trunk caller (SIPp) waits in the queue; Teams shows her available, and the waiting caller rings her
 * phone, which answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import { answerOnDeskPhone, registerDeskPhone, trunkCall } from '../support/call-peers.js';
import {
  presenceEnvFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;
let microsoft: FakeMicrosoft;

/** alice's Teams object id, as the demo seed links her. */
const ALICE_TEAMS_ID = () => DEMO.agents.find((agent) => agent.username === 'alice')!.teamsUserId!;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft();
  microsoft.graph.setPresence(ALICE_TEAMS_ID(), 'Busy', 'InAMeeting');
  tandem = await startTandem({
    env: {
      TANDEM_CALLS_RING_TIMEOUT_SECONDS: '5',
      ...presenceEnvFor(microsoft),
      TANDEM_TEAMS_PRESENCE_INTERVAL_SECONDS: '2',
    },
  });
});

afterAll(async () => {
  await tandem?.stop();
  await microsoft?.close();
});

async function aliceState(): Promise<Record<string, unknown>> {
  const response = await fetch(`${tandem.baseUrl}/api/agent/state`, {
    headers: { authorization: `Basic ${Buffer.from('alice:demo').toString('base64')}` },
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('Teams presence on the running server', () => {
  it('keeps an agent in a Teams meeting from being offered a caller, then offers it once she is free', async () => {
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    await expect
      .poll(async () => (await aliceState()).notOfferedBecause, { timeout: 10_000 })
      .toEqual(['presence:InAMeeting']);
    expect((await aliceState()).state).toBe('Available');

    const phone = answerOnDeskPhone(tandem, phonePort);
    const caller = trunkCall(tandem, { service: '+15550101', timeoutMs: 30_000 });
    // Waiting, not offered: two polls later she is still not rung.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect((await aliceState()).state).toBe('Available');

    microsoft.graph.setPresence(ALICE_TEAMS_ID(), 'Available', 'Available');
    const [callerResult, phoneResult] = await Promise.all([caller, phone]);
    expect(phoneResult.exitCode).toBe(0);
    expect(callerResult.exitCode).toBe(0);
    expect((await aliceState()).notOfferedBecause).toEqual([]);
    // Graph was really asked, with a token from the fake identity platform.
    expect(microsoft.graph.requests.some((request) => request.path.includes('getPresencesByUserId'))).toBe(
      true,
    );
  }, 60_000);
});
