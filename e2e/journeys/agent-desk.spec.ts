/**
 * The agent desk, served by the server and used in Chromium as an agent would:
 * - alice signs in (REST + SIP.js over WSS + event stream), goes Not ready and Available again;
 * - a trunk caller dials the support number, the call rings on the desk, alice answers with Ctrl+Enter;
 *   both hear each other (the desk's getStats shows the caller's tone with energy over 127.0.0.1; the caller
 *   receives her fake microphone's 440 Hz tone), she holds (the caller hears music, not her) and resumes
 *   with Alt+H, hangs up with Ctrl+Shift+H, and is Available again;
 * - a wrong password says so and stays on the sign-in form;
 * - the server restarts: the desk says it is reconnecting, then registered again by itself, and the next
 *   call reaches it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { signInAs, signInAvailable } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { openDesk } from '../support/desktop/desk-page.js';
import { readDeskAudio, waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { startRestartableTandem } from '../support/desktop/restartable-tandem.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTrunkCaller, type TrunkCall, type TrunkCaller } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const CALLER_NUMBER = '+4930111222'; // what support/trunk-caller.ts puts in From
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const callerHears = (caller: TrunkCall, ms?: number) => caller.hears(AGENT_TONE_HZ, ms);

const journey = deskJourney(test);

/** The trunk dials the support number; resolves with the caller once alice answered. */
async function ringAndAnswerWithKeyboard(page: Page, caller: TrunkCaller) {
  const dialling = caller.dial('+15550101');
  const incoming = page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await expect(incoming.getByTestId('caller-number')).toHaveText(CALLER_NUMBER);
  await expect(incoming.getByRole('heading')).toHaveText('Incoming call');
  await page.keyboard.press('Control+Enter');
  const call = await dialling;
  await expect(page.getByTestId('active-call')).toBeVisible();
  return call;
}

test('alice signs in, answers a trunk call by keyboard, is heard both ways, holds, resumes and hangs up', async ({
  page,
  tandem,
}, testInfo) => {
  test.setTimeout(90_000);
  // Signed in, alice is Available: routing.stateAfterLogin in the demo settings.
  const pageLog = await journey.signedInDesk(page, tandem, 'alice');
  const state = page.getByTestId('agent-state');
  await expect(page.getByTestId('queues').getByRole('row', { name: /support/ })).toBeVisible();

  // Not ready for lunch, then Available again, through the state bar.
  await page.getByLabel('Reason for not being ready').selectOption('lunch');
  await expect(state).toHaveText('Not ready: Lunch');
  await page.getByRole('button', { name: 'Available', exact: true }).click();
  await expect(state).toHaveText('Available');

  const trunk = journey.closes(await startTrunkCaller(tandem));
  const caller = await ringAndAnswerWithKeyboard(page, trunk);
  await expect(state).toHaveText('On a call');

  // The caller's tone reaches the desk with energy, over loopback only.
  const heard = await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  expect(heard.localAddress).toBe('127.0.0.1');
  expect(heard.remoteAddress).toBe('127.0.0.1');
  // alice's microphone (the fake device's 440 Hz tone) reaches the caller.
  await expect
    .poll(async () => (await callerHears(caller)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  const talking = await callerHears(caller);
  expect(talking.packets, JSON.stringify(talking)).toBeGreaterThanOrEqual(40);
  // The desk keeps the browser's voice processing on (echo cancellation, noise suppression, gain control),
  // which turns a steady test tone down (about 650 here against 1,000+ for the raw microphone in
  // browser-call-controls.spec.ts); silence is near 0.
  expect(talking.level, JSON.stringify(talking)).toBeGreaterThan(300);
  await expect(page.getByTestId('call-timer')).not.toHaveText('0:00');
  await page.screenshot({ path: testInfo.outputPath('desk-on-call.png'), fullPage: true });

  // Hold with the keyboard: the caller gets a sendonly re-INVITE and hears music, not alice.
  await page.keyboard.press('Alt+h');
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');
  await expect(page.getByRole('heading', { name: 'On hold' })).toBeVisible();
  expect(caller.reinvites).toEqual(['sendonly']);
  await delay(300);
  const onHold = await callerHears(caller, 1_500);
  expect(onHold.packets, JSON.stringify(onHold)).toBeGreaterThanOrEqual(60);
  expect(onHold.toneShare, JSON.stringify(onHold)).toBeLessThan(0.2);

  // Resume: alice is heard again, and hears the caller.
  await page.getByRole('button', { name: /Resume/ }).click();
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'false');
  await expect.poll(() => caller.reinvites.at(-1)).toBe('sendrecv');
  await expect
    .poll(async () => (await callerHears(caller)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  await waitForDeskAudio(page, { minPackets: 25, minEnergy: 0.0001 });

  // Hang up with the keyboard: the caller gets the BYE, and alice is Available again.
  await page.keyboard.press('Control+Shift+H');
  expect(await caller.ended).toBe('remote-bye');
  await expect(page.getByTestId('ended-call')).toHaveText(/You ended the call with \+4930111222/);
  await expect(state).toHaveText('Available');
  await expectNoMediaSessions(tandem.media.ngPort);

  // The help overlay lists the shortcuts and closes with Escape.
  await page.keyboard.press('Shift+?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await expect(page.getByTestId('shortcut-help')).toContainText('Ctrl+Enter');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});

test('a wrong password is refused with a clear message, and the form stays', async ({ page, tandem }) => {
  journey.deskLog('alice', await openDesk(page, tandem.baseUrl));
  await signInAs(page, tandem, 'alice', 'not-demo');
  await expect(page.getByTestId('sign-in-problem')).toHaveText('Wrong agent name or password.');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByText('Signed in as alice')).toHaveCount(0);

  // The right password then works, and the server and name are remembered, never the password.
  await signInAvailable(page, tandem, 'alice');
  const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
  expect(stored).toContain('alice');
  expect(stored).not.toContain('demo');
});

test('after a server restart the desk reconnects and registers by itself, and the next call arrives', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const server = journey.closes(journey.reports('server output', await startRestartableTandem()));
  await journey.signedInDesk(page, server, 'alice');
  const status = page.getByTestId('connection-status');

  const restarting = server.restart({ downForMs: 2_000 });
  await expect(status).toHaveText('Connection lost, reconnecting…', { timeout: 10_000 });
  await restarting;
  await expect(status).toHaveText('Connected, phone registered', { timeout: 20_000 });
  await expect(page.getByTestId('agent-state')).toHaveText('Available');

  // The restarted server knows the desk again: a call reaches it and is answered with media.
  const trunk = journey.closes(await startTrunkCaller(server));
  const caller = await ringAndAnswerWithKeyboard(page, trunk);
  await waitForDeskAudio(page, { minPackets: 25, minEnergy: 0.0001 });
  expect((await readDeskAudio(page)).localAddress).toBe('127.0.0.1');
  expect(await caller.hangup()).toBe(200);
  await expect(page.getByTestId('ended-call')).toHaveText(/\+4930111222 hung up/);
  await expectNoMediaSessions(server.media.ngPort);
});
