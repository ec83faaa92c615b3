/**
 * While alice is on a Tandem call, Teams shows her Busy / InACall, and clears it afterwards: a real
 * call on the built server (a trunk caller talking a tone, alice's desk phone echoing it back) with
 * teams.graph.setPresence on, against the fake Graph over HTTPS. The presence gate polls Graph all
 * along and sees the InACall we set; it must not hold alice back for it. When setPresence fails,
 * the call goes on all the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import { answerOnDeskPhone, registerDeskPhone } from '../support/call-peers.js';
import { servePresenceSessions } from '../support/fake-microsoft/fake-graph-presence-sessions.js';
import {
  FAKE_APP,
  presenceEnvFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { describeSipp } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller, type TrunkCaller } from '../support/trunk-caller.js';

const ALICE = DEMO.agents.find((agent) => agent.username === 'alice')!.teamsUserId!;
const CALLER_HZ = 1_000;

let tandem: TandemServer;
let microsoft: FakeMicrosoft;
let sessions: ReturnType<typeof servePresenceSessions>;
let trunk: TrunkCaller | undefined;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft([{ id: ALICE, userPrincipalName: 'alice@contoso.example' }]);
  sessions = servePresenceSessions(microsoft.graph, { applicationId: FAKE_APP.clientId });
  microsoft.graph.setPresence(ALICE, 'Available', 'Available');
  tandem = await startTandem({
    env: {
      TANDEM_CALLS_RING_TIMEOUT_SECONDS: '5',
      TANDEM_ROUTING_WRAP_UP_SECONDS: '0',
      ...presenceEnvFor(microsoft),
      TANDEM_TEAMS_PRESENCE_INTERVAL_SECONDS: '2',
      TANDEM_TEAMS_GRAPH_SET_PRESENCE_ENABLED: 'true',
    },
  });
}, 60_000);

afterAll(async () => {
  await trunk?.close();
  await tandem?.stop();
  await microsoft?.close();
});

async function aliceState(): Promise<{ state: string; notOfferedBecause: string[] }> {
  const response = await fetch(`${tandem.baseUrl}/api/agent/state`, {
    headers: { authorization: `Basic ${Buffer.from('alice:demo').toString('base64')}` },
  });
  return (await response.json()) as { state: string; notOfferedBecause: string[] };
}

/** One call from the trunk to alice's desk phone, which echoes: resolves once the caller hears itself. */
async function callAlice(phonePort: number) {
  const phone = answerOnDeskPhone(tandem, phonePort);
  await new Promise((resolve) => setTimeout(resolve, 300));
  trunk ??= await startTrunkCaller(tandem, { toneHz: CALLER_HZ });
  const caller = await trunk.dial('+15550101');
  await expect
    .poll(async () => (await caller.hears(CALLER_HZ)).toneShare, { timeout: 8_000 })
    .toBeGreaterThan(0.5);
  return { phone, caller };
}

describe('Teams presence set while on a Tandem call', () => {
  it('shows alice Busy / InACall in Teams during the call, ignores it in the gate, and clears it after', async () => {
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    await expect.poll(async () => (await aliceState()).state, { timeout: 10_000 }).toBe('Available');

    const { phone, caller } = await callAlice(phonePort);
    await expect.poll(() => sessions.records.filter((r) => r.action === 'setPresence').length).toBe(1);
    expect(sessions.records[0]).toMatchObject({
      action: 'setPresence',
      userId: ALICE,
      sessionId: FAKE_APP.clientId,
      availability: 'Busy',
      activity: 'InACall',
      expirationDuration: 'PT60M',
      status: 200,
    });
    expect(microsoft.graph.presenceOf(ALICE)).toEqual({ availability: 'Busy', activity: 'InACall' });
    // Two polls see the InACall we set; the gate does not hold alice back for it.
    const polled = microsoft.graph.presenceRequests().length;
    await expect
      .poll(() => microsoft.graph.presenceRequests().length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(polled + 2);
    expect((await aliceState()).notOfferedBecause).not.toContain('presence:InACall');
    const heard = await caller.hears(CALLER_HZ);
    expect(heard.packets).toBeGreaterThanOrEqual(40);
    expect(heard.level).toBeGreaterThan(0);

    expect(await caller.hangup()).toBe(200);
    const phoneResult = await phone;
    expect(phoneResult.exitCode, describeSipp(phoneResult)).toBe(0);
    await expect.poll(() => sessions.records.filter((r) => r.action === 'clearPresence').length).toBe(1);
    expect(sessions.records.at(-1)).toMatchObject({
      userId: ALICE,
      sessionId: FAKE_APP.clientId,
      status: 200,
    });
    expect(microsoft.graph.presenceOf(ALICE)).toEqual({ availability: 'Available', activity: 'Available' });
    await expect.poll(async () => (await aliceState()).state, { timeout: 10_000 }).toBe('Available');
    expect((await aliceState()).notOfferedBecause).toEqual([]);
    await expectNoMediaSessions(tandem.media.ngPort);
  }, 60_000);

  it('holds alice back for a real Teams call taken after ours', async () => {
    // Graph has shown her Available since our clear (two polls): an InACall now is not ours.
    // (Within a poll of the clear it could be our session lingering: it is ignored for up to 30 s.)
    const polled = microsoft.graph.presenceRequests().length;
    await expect
      .poll(() => microsoft.graph.presenceRequests().length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(polled + 2);
    microsoft.graph.setPresence(ALICE, 'Busy', 'InACall');
    await expect
      .poll(async () => (await aliceState()).notOfferedBecause, { timeout: 10_000 })
      .toContain('presence:InACall');
    microsoft.graph.setPresence(ALICE, 'Available', 'Available');
    await expect.poll(async () => (await aliceState()).notOfferedBecause, { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it('puts the call through when Graph refuses setPresence, and logs it', async () => {
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    sessions.failNext = 10;
    const before = sessions.records.length;
    const { phone, caller } = await callAlice(phonePort);
    await expect
      .poll(() => sessions.records.slice(before).filter((r) => r.status === 503).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    expect((await caller.hears(CALLER_HZ)).toneShare).toBeGreaterThan(0.5);
    expect(await caller.hangup()).toBe(200);
    expect((await phone).exitCode).toBe(0);
    sessions.failNext = 0;
    await expectNoMediaSessions(tandem.media.ngPort);
    expect(tandem.output()).toMatch(/Teams presence not set/);
  }, 60_000);
});
