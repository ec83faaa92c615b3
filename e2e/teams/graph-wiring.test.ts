/**
 * teams.graph on the built server, configured from the environment only, against the fake Graph and
 * fake identity platform over HTTPS on 127.0.0.1:
 *
 * - the Teams directory answers GET /api/teams/directory for a signed-in agent;
 * - presence is pushed: Tandem redeems the service account's refresh token through MSAL, subscribes
 *   with the delegated token, and a presence change Graph posts (encrypted) holds alice back, while
 *   polling is too slow (one hour) to be what told it;
 * - the calendar gate holds bob back: his Teams meeting starts within the expected handle time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamsDirectoryResponse } from '../../server/api/teams-directory-api-types.js';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import { serveCalendars } from '../support/fake-microsoft/fake-graph-calendar.js';
import { FakeGraphSubscriptions } from '../support/fake-microsoft/fake-graph-subscriptions.js';
import { serveUserPages } from '../support/fake-microsoft/fake-graph-users.js';
import {
  FAKE_APP,
  presenceEnvFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';
import {
  serviceAccountRefreshToken,
  trustUserTokens,
} from '../support/fake-microsoft/fake-service-account.js';
import {
  makeNotificationCertificate,
  type RsaCertificate,
} from '../support/fake-microsoft/notification-certificate.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

const teamsIdOf = (username: string) =>
  DEMO.agents.find((agent) => agent.username === username)!.teamsUserId!;
const ALICE = teamsIdOf('alice');
const BOB = teamsIdOf('bob');
const EXPERT = '00000000-0000-4000-8000-0000000000e1';
/** The public notification URL; a TLS-terminating proxy would forward it to Tandem's listener. */
const PUBLIC_ORIGIN = 'https://tandem.contoso.example';

let tandem: TandemServer | undefined;
let microsoft: FakeMicrosoft;
let subscriptions: FakeGraphSubscriptions;
let rsa: RsaCertificate;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft([
    { id: ALICE, userPrincipalName: 'alice@contoso.example', displayName: 'Alice Agent' },
    { id: BOB, userPrincipalName: 'bob@contoso.example', displayName: 'Bob Agent' },
    {
      id: EXPERT,
      userPrincipalName: 'zoe@contoso.example',
      displayName: 'Zoë Müller',
      businessPhones: ['+49 30 1234-5678'],
    },
  ]);
  serveUserPages(microsoft.graph);
  const calendars = serveCalendars(microsoft.graph);
  calendars.put(BOB, {
    id: 'planning',
    subject: 'Planning',
    start: Date.now() + 10 * 60_000,
    end: Date.now() + 40 * 60_000,
  });
  subscriptions = new FakeGraphSubscriptions(microsoft.graph);
  trustUserTokens(microsoft, subscriptions);
  // Graph's validation waits until startTandem knows the server's address: on a loaded machine Tandem
  // subscribes before startTandem has seen it ready. (So this test cannot tell whether Tandem waits for its
  // own listener before subscribing.)
  let started: (server: TandemServer) => void = () => undefined;
  const known = new Promise<TandemServer>((resolve) => (started = resolve));
  subscriptions.notificationRoute = async (url) => url.replace(PUBLIC_ORIGIN, (await known).baseUrl);
  const refreshToken = await serviceAccountRefreshToken(microsoft, {
    oid: '00000000-0000-4000-8000-00000000feed',
    tenantId: FAKE_APP.tenantId,
    userPrincipalName: 'presence-service@contoso.example',
    name: 'Presence service',
  });
  rsa = await makeNotificationCertificate();
  microsoft.graph.setPresence(ALICE, 'Available', 'Available');
  const starting = startTandem({
    env: {
      ...presenceEnvFor(microsoft),
      // Polling once an hour: whatever the gate learns within the test was pushed.
      TANDEM_TEAMS_PRESENCE_INTERVAL_SECONDS: '3600',
      TANDEM_TEAMS_PRESENCE_STALE_AFTER_SECONDS: '7200',
      TANDEM_TEAMS_GRAPH_DIRECTORY_ENABLED: 'true',
      TANDEM_TEAMS_GRAPH_SUBSCRIPTIONS_ENABLED: 'true',
      TANDEM_TEAMS_GRAPH_SUBSCRIPTIONS_NOTIFICATION_URL: `${PUBLIC_ORIGIN}/api/teams/notifications/presence`,
      TANDEM_TEAMS_GRAPH_SUBSCRIPTIONS_CERTIFICATE_FILE: rsa.certFile,
      TANDEM_TEAMS_GRAPH_SUBSCRIPTIONS_KEY_FILE: rsa.keyFile,
      TANDEM_TEAMS_GRAPH_SUBSCRIPTIONS_REFRESH_TOKEN: refreshToken,
      TANDEM_TEAMS_GRAPH_CALENDAR_GATE_ENABLED: 'true',
      TANDEM_TEAMS_GRAPH_CALENDAR_GATE_EXPECTED_HANDLE_SECONDS: '1800',
    },
  });
  tandem = await starting;
  started(tandem);
}, 60_000);

afterAll(async () => {
  await tandem?.stop();
  await microsoft?.close();
  await rsa?.dispose();
});

const as = (username: string) => ({
  authorization: `Basic ${Buffer.from(`${username}:demo`).toString('base64')}`,
});

/** What Teams (presence and calendar) says against offering the agent calls (they are not logged in here). */
async function heldByTeams(username: string): Promise<string[]> {
  const response = await fetch(`${tandem!.baseUrl}/api/agent/state`, { headers: as(username) });
  const { notOfferedBecause } = (await response.json()) as { notOfferedBecause: string[] };
  return notOfferedBecause.filter((reason) => reason.startsWith('presence:'));
}

describe('teams.graph on the running server', () => {
  it('serves the Teams directory to a signed-in agent', async () => {
    expect((await fetch(`${tandem!.baseUrl}/api/teams/directory?q=zoe`)).status).toBe(401);
    const answer = await fetch(`${tandem!.baseUrl}/api/teams/directory?q=${encodeURIComponent('müller')}`, {
      headers: as('alice'),
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as TeamsDirectoryResponse;
    expect(body.state).toBe('ready');
    expect(body.users.map((user) => [user.id, user.displayName, user.phoneNumbers])).toEqual([
      [EXPERT, 'Zoë Müller', ['+493012345678']],
    ]);
  });

  it('holds alice back when Graph pushes that she is in a meeting, with a delegated token from the refresh token', async () => {
    await expect
      .poll(() => [...subscriptions.subscriptions.values()].flatMap((s) => s.objectIds).sort(), {
        timeout: 15_000,
      })
      .toEqual([ALICE, BOB].sort());
    // The subscription was made with the service account's token, redeemed through the refresh_token grant.
    expect(
      microsoft.identity.userSignIn.tokenRequests.some(
        (request) => request.grantType === 'refresh_token' && request.granted && request.withSecret,
      ),
    ).toBe(true);
    expect(await heldByTeams('alice')).toEqual([]);
    // Subscribed at the first attempt.
    expect(tandem!.output()).not.toMatch(/presence subscriptions failed/);

    microsoft.graph.setPresence(ALICE, 'Busy', 'InAMeeting');
    await expect.poll(() => heldByTeams('alice'), { timeout: 8_000 }).toEqual(['presence:InAMeeting']);
    expect(subscriptions.notifications.at(-1)).toMatchObject({ objectId: ALICE, status: 202 });

    microsoft.graph.setPresence(ALICE, 'Available', 'Available');
    await expect.poll(() => heldByTeams('alice'), { timeout: 8_000 }).toEqual([]);
  }, 30_000);

  it('holds bob back: his Teams meeting starts within the expected handle time', async () => {
    await expect.poll(() => heldByTeams('bob'), { timeout: 10_000 }).toEqual(['presence:MeetingSoon']);
  });
});
