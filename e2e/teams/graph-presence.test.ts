/**
 * The Graph presence source against local fakes of Microsoft (identity platform and Graph over
 * HTTPS with a test CA), with the real @azure/msal-node and @microsoft/microsoft-graph-client.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/routing/clock.js';
import { PresenceFeeder } from '../../server/routing/presence/presence-feeder.js';
import { PresenceGate } from '../../server/routing/presence/presence-gate.js';
import type { TeamsPresence } from '../../server/routing/presence/presence-source-types.js';
import type { TeamsPresenceConfig } from '../../server/shared/config/teams-config-schema.js';
import { createGraphPresenceSource } from '../../server/teams/graph/graph-presence-source.js';
import type { GraphPresencePoller } from '../../server/teams/graph/graph-presence-poller.js';
import { waitUntil } from '../support/browser-agent/wait-until.node.js';
import {
  FAKE_APP,
  presenceConfigFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';

let microsoft: FakeMicrosoft;
const pollers: GraphPresencePoller[] = [];

beforeEach(async () => {
  microsoft = await startFakeMicrosoft();
});
afterEach(async () => {
  pollers.splice(0).forEach((poller) => poller.close());
  await microsoft.close();
});

function startPoller(overrides: Partial<TeamsPresenceConfig> = {}): GraphPresencePoller {
  const poller = createGraphPresenceSource(presenceConfigFor(microsoft, overrides), {
    caPem: microsoft.certificates.caPem,
  });
  pollers.push(poller);
  return poller;
}

const wait = <T>(read: () => T, accept: (value: T) => boolean, awaiting: string, timeoutMs = 8_000) =>
  waitUntil(async () => read(), accept, { timeoutMs, awaiting, intervalMs: 20 });

describe('Graph presence source (fake Microsoft on 127.0.0.1)', () => {
  it('gets one app-only token, reuses it, and asks for 1,300 users in requests of 650', async () => {
    const ids = Array.from({ length: 1_300 }, () => randomUUID());
    microsoft.graph.setPresence(ids[0]!, 'Busy', 'InAMeeting');
    microsoft.graph.setPresence(ids[1_299]!, 'DoNotDisturb', 'Presenting');
    const poller = startPoller();
    const seen = new Map<string, TeamsPresence>();
    poller.subscribe(({ presences }) =>
      presences.forEach((presence) => seen.set(presence.teamsUserId, presence)),
    );
    poller.watch(ids);

    await wait(
      () => microsoft.graph.presenceRequests().length,
      (count) => count >= 4,
      'two complete polls',
    );
    const [first, second] = microsoft.graph.presenceRequests();
    expect([first!.ids.length, second!.ids.length]).toEqual([650, 650]);
    expect(new Set([...first!.ids, ...second!.ids])).toEqual(new Set(ids));
    expect(microsoft.identity.tokenRequests).toEqual([
      expect.objectContaining({
        clientId: FAKE_APP.clientId,
        grantType: 'client_credentials',
        scope: expect.stringContaining('https://graph.microsoft.com/.default'),
        granted: true,
      }),
    ]);
    expect(seen.size).toBe(1_300);
    expect(seen.get(ids[0]!)).toMatchObject({ availability: 'Busy', activity: 'InAMeeting' });
    expect(seen.get(ids[1_299]!)).toMatchObject({ availability: 'DoNotDisturb', activity: 'Presenting' });
    expect(poller.health()).toMatchObject({ state: 'ok', consecutiveFailures: 0, watched: 1_300 });
  });

  it('waits as long as Graph’s Retry-After says when throttled, then carries on', async () => {
    const id = randomUUID();
    microsoft.graph.failNext({ status: 429, retryAfterSeconds: 1, times: 1 });
    const poller = startPoller();
    poller.watch([id]);
    await wait(
      () => microsoft.graph.presenceRequests().length,
      (count) => count >= 1,
      'the first poll',
    );
    await wait(
      () => poller.health().state,
      (state) => state === 'degraded',
      'the poller to report throttling',
    );
    expect(poller.health().lastError).toMatch(/429/);
    await wait(
      () => microsoft.graph.presenceRequests().length,
      (count) => count >= 2,
      'the poll after Retry-After',
    );
    const [throttled, next] = microsoft.graph.presenceRequests();
    expect(throttled!.status).toBe(429);
    expect(next!.status).toBe(200);
    // With a 200 ms interval the next poll would come at once if Retry-After were ignored.
    expect(next!.at - throttled!.at).toBeGreaterThanOrEqual(1_000);
    await wait(
      () => poller.health().state,
      (state) => state === 'ok',
      'the poller to be ok again',
    );
  });

  it('finds agents linked by UPN, and reports them under their UPN', async () => {
    const objectId = randomUUID();
    microsoft.graph.addUser({ id: objectId, userPrincipalName: 'bob@contoso.example' });
    microsoft.graph.setPresence(objectId, 'Busy', 'InACall');
    const poller = startPoller();
    const seen: TeamsPresence[] = [];
    poller.subscribe(({ presences }) => seen.push(...presences));
    poller.watch(['Bob@Contoso.example', 'nobody@contoso.example']);
    await wait(
      () => seen.length,
      (count) => count >= 1,
      'a presence for bob',
    );
    expect(seen[0]).toMatchObject({ teamsUserId: 'Bob@Contoso.example', activity: 'InACall' });
    expect(microsoft.graph.presenceRequests()[0]!.ids).toEqual([objectId]);
  });

  it('survives a wrong client secret: no presence, the health says why', async () => {
    const poller = startPoller({ clientSecret: 'wrong' });
    poller.watch([randomUUID()]);
    await wait(
      () => poller.health().state,
      (state) => state === 'down',
      'the source to be down',
      10_000,
    );
    expect(poller.health().lastError).toMatch(/invalid_client|7000215/);
    expect(microsoft.graph.presenceRequests()).toEqual([]);
    expect(microsoft.identity.tokenRequests.every((request) => !request.granted)).toBe(true);
  });

  it('lets presence go stale in a Graph outage, applies the stale policy, and recovers', async () => {
    const aliceTeams = randomUUID();
    microsoft.graph.setPresence(aliceTeams, 'Available', 'Available');
    const poller = startPoller();
    const sent: string[] = [];
    const feeder = new PresenceFeeder({
      source: poller,
      gate: new PresenceGate({ staleAfterMs: 1_500, whenStale: 'hold-back' }),
      clock: systemClock,
      send: (agentId, command) => {
        sent.push(`${agentId}:${command.type === 'presenceBusy' ? command.activity : 'free'}`);
      },
    });
    try {
      feeder.setAgent('alice', aliceTeams);
      await wait(
        () => poller.health().lastSuccessAt,
        (at) => at !== null,
        'a first successful poll',
      );
      microsoft.graph.setPresence(aliceTeams, 'Busy', 'InAMeeting');
      await wait(
        () => sent.join(),
        (log) => log === 'alice:InAMeeting',
        'alice to be held back by her meeting',
      );

      microsoft.graph.failNext({ status: 503, times: Infinity });
      await wait(
        () => sent.at(-1),
        (last) => last === 'alice:PresenceStale',
        'presence to go stale',
      );
      await wait(
        () => poller.health().state,
        (state) => state === 'down',
        'the source to be down',
      );
      expect(feeder.view('alice')).toMatchObject({
        stale: true,
        decision: { offer: false, reason: 'PresenceStale' },
      });

      microsoft.graph.setPresence(aliceTeams, 'Available', 'Available');
      microsoft.graph.recover();
      await wait(
        () => sent.at(-1),
        (last) => last === 'alice:free',
        'alice to be offered calls again',
        15_000,
      );
      expect(poller.health().state).toBe('ok');
      expect(sent).toEqual(['alice:InAMeeting', 'alice:PresenceStale', 'alice:free']);
    } finally {
      feeder.close();
    }
  });
});
