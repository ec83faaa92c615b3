/**
 * The Teams contact center end to end, against the spawned built server, in Chromium:
 * - alice signs in with her (fake) Microsoft account (the server's redirect flow, fake identity platform);
 * - a Teams user calls the support number through Microsoft's (fake) SIP proxy over TLS: the call reaches
 *   the queue, alice's desk shows the Teams caller, she answers; both are heard (SRTP toward the Teams side:
 *   alice's 440 Hz microphone decrypted and measured at the Teams caller; the caller's tone with energy in the
 *   desk's getStats over 127.0.0.1); her hold reaches Teams as a=inactive, and resuming brings her back;
 * - a caller on the PSTN trunk reaches alice; she finds the Teams expert by name in the transfer panel (the
 *   Teams directory from the fake Graph, with presence) and transfers blind: the caller and the expert hear
 *   each other over the Direct Routing trunk;
 * - another PSTN caller: alice consults the expert first (the caller hears music, neither alice nor the
 *   expert), then completes: the caller and the expert hear each other, her call ends as transferred.
 *
 * Microsoft's proxy is `localhost:<port>` (resolved by name by the server, certificate for `localhost` from
 * the journey's CA), on 127.0.0.1: support/fake-microsoft/teams-contact-center-side.ts.
 */
import type { Page } from '@playwright/test';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import { expect, test as agentTest } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk, expectSignedIn } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { openDesk } from '../support/desktop/desk-page.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import {
  FAKE_APP,
  signInEnvFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';
import { serveUserPages } from '../support/fake-microsoft/fake-graph-users.js';
import type { FakeAccount } from '../support/fake-microsoft/fake-user-sign-in.js';
import {
  startTeamsSide,
  type TalkingTeamsUser,
  type TeamsSide,
} from '../support/fake-microsoft/teams-contact-center-side.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller, type TrunkCall, type TrunkCaller } from '../support/trunk-caller.js';

const SUPPORT_NUMBER = '+15550101';
const TEAMS_CALLER = { number: '+14255550123', displayName: 'Megan Bowen' };
const EXPERT = { id: 'a1b2c3d4-0000-4000-8000-00000000e001', number: '+14255550100', name: 'Adele Vance' };
const [AGENT_HZ, TEAMS_CALLER_HZ, PSTN_CALLER_HZ, EXPERT_HZ] = [440, 1000, 1000, 2500];
const ALICE: FakeAccount = {
  oid: DEMO.agents.find((agent) => agent.username === 'alice')!.teamsUserId!,
  tenantId: FAKE_APP.tenantId,
  userPrincipalName: 'alice@contoso.example',
  name: 'Alice Example',
};
const ALICE_PASSWORD = 'alice-at-microsoft';

/** The journeys' `test`, with Microsoft's side (identity, Graph, Teams SIP proxy) and a server wired to it. */
const test = agentTest.extend<{ microsoft: FakeMicrosoft; teams: TeamsSide }>({
  // Playwright reads the fixtures a fixture needs from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  microsoft: async ({}, use) => {
    const microsoft = await startFakeMicrosoft([
      {
        id: EXPERT.id,
        displayName: EXPERT.name,
        userPrincipalName: 'adele@contoso.example',
        jobTitle: 'Billing expert',
        businessPhones: ['+1 425 555 0100'],
      },
      { id: ALICE.oid, displayName: 'Alice Example', userPrincipalName: ALICE.userPrincipalName },
    ]);
    serveUserPages(microsoft.graph);
    microsoft.graph.setPresence(EXPERT.id, 'Available', 'Available');
    microsoft.identity.userSignIn.directory.add(ALICE, ALICE_PASSWORD);
    try {
      await use(microsoft);
    } finally {
      await microsoft.close();
    }
  },
  // eslint-disable-next-line no-empty-pattern
  teams: async ({}, use) => {
    const teams = await startTeamsSide();
    try {
      await use(teams);
    } finally {
      await teams.close();
    }
  },
  tandem: async ({ microsoft, teams }, use, testInfo) => {
    const listenPort = await freeLoopbackPort();
    const tandem = await startTandem({
      env: {
        ...teams.tandemEnv(listenPort, ['+1425555']),
        TANDEM_ROUTING_WRAP_UP_SECONDS: '0',
        ...signInEnvFor(microsoft),
        TANDEM_TEAMS_SIGN_IN_CLIENT_SECRET: FAKE_APP.clientSecret, // the web's redirect flow
        TANDEM_TEAMS_PRESENCE_TENANT_ID: FAKE_APP.tenantId,
        TANDEM_TEAMS_PRESENCE_CLIENT_ID: FAKE_APP.clientId,
        TANDEM_TEAMS_PRESENCE_CLIENT_SECRET: FAKE_APP.clientSecret,
        TANDEM_TEAMS_PRESENCE_AUTHORITY_HOST: microsoft.identity.origin,
        TANDEM_TEAMS_PRESENCE_GRAPH_BASE_URL: microsoft.graph.origin,
        TANDEM_TEAMS_PRESENCE_CA_FILE: microsoft.certificates.caFile,
        TANDEM_TEAMS_GRAPH_DIRECTORY_ENABLED: 'true',
      },
    });
    teamsListenPort = listenPort;
    try {
      await use(tandem);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('server output', { body: tandem.output(), contentType: 'text/plain' });
      await tandem.stop();
    }
  },
});

let teamsListenPort = 0;
const journey = deskJourney(test);

/** alice signs in with Microsoft as a person would: the button, the identity platform's form, back. */
async function aliceSignsInWithMicrosoft(page: Page, tandem: TandemServer): Promise<string[]> {
  const log = journey.deskLog('alice', await openDesk(page, tandem.baseUrl));
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.getByLabel('Email, phone, or Skype').fill(ALICE.userPrincipalName);
  await page.getByLabel('Password').fill(ALICE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectSignedIn(page, 'alice');
  return log;
}

/** A PSTN caller reaches alice, who answers; both are heard. */
async function pstnCallAnswered(page: Page, trunk: TrunkCaller): Promise<TrunkCall> {
  const caller = await answeredOnDesk(page, trunk, { number: SUPPORT_NUMBER });
  await waitForDeskAudio(page, { minPackets: 25, minEnergy: 0.0001 });
  await expect
    .poll(async () => (await caller.hears(AGENT_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  return caller;
}

/** In the transfer panel: the expert found by name, with Teams presence, chosen. */
async function chooseExpert(page: Page): Promise<ReturnType<Page['getByTestId']>> {
  await page.getByRole('button', { name: /^Transfer/ }).click();
  const panel = page.getByTestId('transfer-panel');
  await panel.getByLabel(/Transfer to/).fill('adele');
  const entry = panel
    .getByTestId('teams-directory')
    .getByRole('button', { name: `${EXPERT.name} (Teams), ${EXPERT.number}, Available` });
  await expect(entry).toBeVisible();
  await entry.click();
  await expect(panel.getByLabel(/Transfer to/)).toHaveValue(EXPERT.number);
  // Searched by her number now, she stays listed as the one chosen.
  await expect(entry).toHaveAttribute('aria-pressed', 'true');
  return panel;
}

/** The PSTN caller and the Teams expert hear each other (the expert after SRTP decryption). */
async function expectCallerAndExpertTalk(caller: TrunkCall, expert: TalkingTeamsUser): Promise<void> {
  await expect
    .poll(async () => (await caller.hears(EXPERT_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  await expect
    .poll(async () => (await expert.hears(PSTN_CALLER_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  expect(expert.peer.authFailures).toBe(0);
}

test('a Teams user calls the queue; alice answers, holds, and transfers PSTN callers to a Teams expert', async ({
  page,
  tandem,
  teams,
}, testInfo) => {
  test.setTimeout(180_000);
  const pageLog = await aliceSignsInWithMicrosoft(page, tandem);

  // A Teams user dials the support number through Microsoft's proxy.
  const teamsCaller = await teams.talkingUser(TEAMS_CALLER_HZ);
  const dialling = (await teams.connectCaller(teamsListenPort)).call({
    number: SUPPORT_NUMBER,
    from: TEAMS_CALLER,
    assertedIdentity: `"${TEAMS_CALLER.displayName}" <sip:${TEAMS_CALLER.number}@contoso.com;user=phone>`,
    sdp: teamsCaller.peer.sdp(),
  });
  const incoming = page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await expect(incoming.getByTestId('caller-number')).toHaveText(TEAMS_CALLER.number);
  await expect(incoming).toContainText(TEAMS_CALLER.displayName);
  await expect(incoming.getByTestId('offer-queue')).toHaveText('support');
  await incoming.getByRole('button', { name: /Answer/ }).click();
  const answered = await dialling;
  expect(answered.final.status).toBe(200);
  const teamsLeg = answered.leg!;
  expect(answered.final.body).toMatch(/^m=audio \d+ RTP\/SAVP /m);
  expect(answered.final.body).toMatch(/^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:\S+\|2\^31\r?$/m);
  teamsCaller.follow(answered.final.body);
  teamsCaller.answerReinvitesOn(teamsLeg);
  await expect(page.getByTestId('active-call')).toBeVisible();

  // Both ways: the Teams caller's tone in the desk's getStats over loopback; alice's 440 Hz, decrypted, at Teams.
  const heard = await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  expect([heard.localAddress, heard.remoteAddress]).toEqual(['127.0.0.1', '127.0.0.1']);
  await expect
    .poll(async () => (await teamsCaller.hears(AGENT_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  expect(teamsCaller.peer.authFailures).toBe(0);
  await page.screenshot({ path: testInfo.outputPath('teams-caller-answered.png'), fullPage: true });

  // Hold reaches Teams as a=inactive (never sendonly); resume brings alice back.
  await page.getByRole('button', { name: /^Hold/ }).click();
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');
  await expect.poll(() => teamsCaller.reinviteDirections.at(-1), { timeout: 10_000 }).toBe('inactive');
  expect(teamsCaller.reinviteDirections).not.toContain('sendonly');
  await page.getByRole('button', { name: /^Resume/ }).click();
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'false');
  await expect.poll(() => teamsCaller.reinviteDirections.at(-1), { timeout: 10_000 }).toBe('sendrecv');
  await expect
    .poll(async () => (await teamsCaller.hears(AGENT_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  expect((await teamsLeg.bye()).status).toBe(200);
  await expect(page.getByTestId('ended-call')).toBeVisible();
  await expect(page.getByTestId('agent-state')).toHaveText('Available');

  // Blind: a PSTN caller goes to the Teams expert found by name.
  const trunk = journey.closes(await startTrunkCaller(tandem, { toneHz: PSTN_CALLER_HZ }));
  const first = await pstnCallAnswered(page, trunk);
  const blindExpert = await teams.expertAnswers(EXPERT_HZ);
  const panel = await chooseExpert(page);
  await page.screenshot({ path: testInfo.outputPath('teams-expert-in-transfer-panel.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  await expect(page.getByTestId('ended-call')).toContainText('was transferred.');
  const blindInvite = teams.callee.invites.at(-1)!;
  expect(blindInvite.uri).toMatch(new RegExp(`^sip:\\${EXPERT.number}@localhost:\\d+;user=phone$`));
  expect(blindInvite.text).not.toMatch(/^(Replaces|Refer-To):/im);
  await expectCallerAndExpertTalk(first, blindExpert);
  expect(await first.hangup()).toBe(200);
  await expect(teams.callee.legs.at(-1)!.ended).resolves.toBe('bye-received');
  await expect(page.getByTestId('agent-state')).toHaveText('Available');

  // Consultative: alice talks with the expert while the caller hears music, then completes.
  const second = await pstnCallAnswered(page, trunk);
  const consultedExpert = await teams.expertAnswers(EXPERT_HZ);
  const consultPanel = await chooseExpert(page);
  await consultPanel.getByRole('button', { name: 'Consult first' }).click();
  const consult = page.getByTestId('consult');
  await expect(consult).toContainText(`Talking with ${EXPERT.number}`, { timeout: 15_000 });
  await expect
    .poll(async () => (await consultedExpert.hears(AGENT_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  const onHold = {
    agent: await second.hears(AGENT_HZ, 1_500),
    expert: await second.hears(EXPERT_HZ, 1_000),
  };
  expect(onHold.agent.packets, JSON.stringify(onHold)).toBeGreaterThanOrEqual(60);
  expect(onHold.agent.level, 'the caller hears music, not silence').toBeGreaterThan(100);
  expect(onHold.agent.toneShare, JSON.stringify(onHold)).toBeLessThan(0.2);
  expect(onHold.expert.toneShare, JSON.stringify(onHold)).toBeLessThan(0.2);
  await consult.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(page.getByTestId('ended-call')).toContainText('was transferred.');
  for (const request of [...teams.callee.invites, ...teams.callee.legs.flatMap((leg) => leg.received)])
    expect(request.text).not.toMatch(/^Replaces:|Replaces=/im);
  await expectCallerAndExpertTalk(second, consultedExpert);
  expect(await second.hangup()).toBe(200);
  await expect(teams.callee.legs.at(-1)!.ended).resolves.toBe('bye-received');

  await expectNoMediaSessions(tandem.media.ngPort);
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
