/**
 * An agent signs in with their (fake) Microsoft account in Chromium, as a person would:
 * - alice clicks "Sign in with Microsoft"; the server's redirect flow takes the page to the fake identity
 *   platform (HTTPS with a test CA, 127.0.0.1), whose sign-in form refuses a wrong password and accepts
 *   the right one; back in the desk she is signed in as alice with her phone registered on the
 *   credentials Tandem issued, takes a trunk call and is heard both ways (getStats energy over 127.0.0.1 on
 *   the desk, her 440 Hz tone at the caller), hangs up, and signs out: the issued credentials are revoked
 *   (the agent API answers 401 with them);
 * - mallory, a genuine Microsoft user linked to no agent, is sent back to the sign-in form, which says so.
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
import type { FakeAccount } from '../support/fake-microsoft/fake-user-sign-in.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const ALICE: FakeAccount = {
  oid: DEMO.agents.find((agent) => agent.username === 'alice')!.teamsUserId!,
  tenantId: FAKE_APP.tenantId,
  userPrincipalName: 'alice@contoso.example',
  name: 'Alice Example',
};
const MALLORY: FakeAccount = {
  oid: '00000000-0000-4000-8000-00000000dead',
  tenantId: FAKE_APP.tenantId,
  userPrincipalName: 'mallory@contoso.example',
  name: 'Not An Agent',
};
const PASSWORDS = { alice: 'alice-at-microsoft', mallory: 'mallory-at-microsoft' };

/** The journeys' `test`, with the fake Microsoft and a server whose teams.signIn points at it. */
const test = agentTest.extend<{ microsoft: FakeMicrosoft }>({
  // Playwright reads the fixtures a fixture needs from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  microsoft: async ({}, use) => {
    const microsoft = await startFakeMicrosoft();
    microsoft.identity.userSignIn.directory.add(ALICE, PASSWORDS.alice);
    microsoft.identity.userSignIn.directory.add(MALLORY, PASSWORDS.mallory);
    try {
      await use(microsoft);
    } finally {
      await microsoft.close();
    }
  },
  tandem: async ({ microsoft }, use, testInfo) => {
    const tandem = await startTandem({
      env: {
        ...signInEnvFor(microsoft),
        TANDEM_TEAMS_SIGN_IN_CLIENT_SECRET: FAKE_APP.clientSecret, // the web's redirect flow
      },
    });
    try {
      await use(tandem);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('server output', { body: tandem.output(), contentType: 'text/plain' });
      await tandem.stop();
    }
  },
});

const journey = deskJourney(test);

/** The fake identity platform's sign-in form, filled and sent as a person would. */
async function signInAtMicrosoft(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Email, phone, or Skype').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function agentApiStatus(tandem: TandemServer, username: string, password: string): Promise<number> {
  const response = await fetch(`${tandem.baseUrl}/api/agent/state`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  await response.body?.cancel();
  return response.status;
}

test('alice signs in with Microsoft, takes a trunk call heard both ways, and her sign-out revokes the credentials', async ({
  page,
  tandem,
  microsoft,
}) => {
  test.setTimeout(90_000);
  const pageLog = journey.deskLog('alice', await openDesk(page, tandem.baseUrl));
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();

  // At the identity platform: a wrong password is refused on its form, the right one lets her through.
  await expect(page).toHaveURL(
    new RegExp(`^${microsoft.identity.origin}/${FAKE_APP.tenantId}/oauth2/v2.0/authorize`),
  );
  await signInAtMicrosoft(page, ALICE.userPrincipalName, 'not-her-password');
  await expect(page.getByRole('alert')).toContainText('Your account or password is incorrect');
  const handoff = page.waitForResponse(
    (response) => response.url().endsWith('/api/sign-in/microsoft/handoff') && response.status() === 200,
  );
  await signInAtMicrosoft(page, ALICE.userPrincipalName, PASSWORDS.alice);
  const issued = (await (await handoff).json()) as { username: string; password: string };
  expect(issued.username).toBe('alice');
  // The server redeemed the code itself (a confidential client, with the PKCE verifier).
  expect(microsoft.identity.userSignIn.tokenRequests.at(-1)).toMatchObject({
    grantType: 'authorization_code',
    withSecret: true,
    granted: true,
  });

  // Back at the desk: alice, registered with the issued password, and no ticket left in the address bar.
  await expectSignedIn(page, 'alice');
  expect(new URL(page.url()).hash).toBe('');
  expect(await agentApiStatus(tandem, issued.username, issued.password)).toBe(200);

  // A trunk call: it rings, she answers, both are heard.
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const caller = await answeredOnDesk(page, trunk, { withKeyboard: true });
  const heard = await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  expect(heard.localAddress).toBe('127.0.0.1');
  expect(heard.remoteAddress).toBe('127.0.0.1');
  await expect
    .poll(async () => (await caller.hears(AGENT_TONE_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  const talking = await caller.hears(AGENT_TONE_HZ);
  expect(talking.packets, JSON.stringify(talking)).toBeGreaterThanOrEqual(40);
  expect(talking.level, JSON.stringify(talking)).toBeGreaterThan(300);
  await page.keyboard.press('Control+Shift+H');
  expect(await caller.ended).toBe('remote-bye');
  await expect(page.getByTestId('agent-state')).toHaveText('Available');
  await expectNoMediaSessions(tandem.media.ngPort);

  // Sign-out ends the Microsoft session: the issued credentials no longer open anything.
  const revoked = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/sign-in/microsoft/session') && response.request().method() === 'DELETE',
  );
  await page.getByRole('button', { name: 'Sign out' }).click();
  expect((await revoked).status()).toBe(200);
  await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeVisible();
  expect(await agentApiStatus(tandem, issued.username, issued.password)).toBe(401);
  // Her own password works again.
  expect(await agentApiStatus(tandem, 'alice', 'demo')).toBe(200);
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});

test('a Microsoft user linked to no agent is told so on the sign-in form', async ({ page, tandem }) => {
  journey.deskLog('mallory', await openDesk(page, tandem.baseUrl));
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await signInAtMicrosoft(page, MALLORY.userPrincipalName, PASSWORDS.mallory);
  await expect(page.getByTestId('microsoft-sign-in-problem')).toHaveText(
    'Your Microsoft account is not linked to a Tandem agent. Ask your administrator to link it, or sign in with your agent name.',
  );
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText(/Signed in as/)).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');
});
