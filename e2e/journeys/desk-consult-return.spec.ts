/**
 * A consult that does not end in a transfer, at the desk against the real server, in Chromium (alice and bob
 * in two browser contexts), the caller on the demo trunk (support/trunk-caller.ts, a 1 kHz tone):
 *
 * - alice consults bob (the caller holds), they talk, she returns to the caller: the caller hears her again,
 *   she hears the caller, and bob's leg ends;
 * - alice consults bob and bob declines: alice has the caller back (off hold, hearing each other) and the desk
 *   says the consult call did not connect.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { tonesHeardOnDesk } from '../support/desktop/desk-tones.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import type { TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller, type TrunkCall } from '../support/trunk-caller.js';

const AGENT_HZ = 440;
const CALLER_HZ = 1_000;
const agentShare = async (caller: TrunkCall) => (await caller.hears(AGENT_HZ)).toneShare;

const journey = deskJourney(test);

/** alice answers the caller at her desk; bob (Not ready) is at his; alice starts a consult to him. */
async function consultingBob(browser: Browser, page: Page, tandem: TandemServer) {
  await journey.signedInDesk(page, tandem, 'alice');
  const bobPage = await journey.deskInNewContext(browser, tandem, 'bob');
  await bobPage.getByLabel('Reason for not being ready').selectOption('training');
  await expect(bobPage.getByTestId('agent-state')).toHaveText('Not ready: Training');

  const trunk = journey.closes(await startTrunkCaller(tandem, { toneHz: CALLER_HZ }));
  const caller = await answeredOnDesk(page, trunk);
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeGreaterThan(0.5);

  await page.getByRole('button', { name: /^Transfer/ }).click();
  const panel = page.getByTestId('transfer-panel');
  await panel.getByLabel(/Transfer to/).fill('1002');
  await panel.getByRole('button', { name: 'Consult first' }).click();
  await expect(page.getByTestId('consult')).toContainText('Calling 1002');
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');
  const bobIncoming = bobPage.getByTestId('incoming-call');
  await expect(bobIncoming).toBeVisible();
  return { bobPage, bobIncoming, caller };
}

/** alice and the caller hear each other again: her 440 Hz at the caller, the caller's 1 kHz at her desk. */
async function aliceAndCallerTalk(page: Page, caller: TrunkCall) {
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'false');
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeGreaterThan(0.5);
  await expect.poll(() => tonesHeardOnDesk(page, [CALLER_HZ]), { timeout: 10_000 }).toEqual([CALLER_HZ]);
}

test('alice consults bob and returns to the caller: they talk again, bob’s leg ends', async ({
  browser,
  page,
  tandem,
}) => {
  test.setTimeout(120_000);
  const { bobPage, bobIncoming, caller } = await consultingBob(browser, page, tandem);
  // While alice consults, the caller hears music, not her.
  const onHold = await caller.hears(AGENT_HZ, 1_500);
  expect(onHold.toneShare, JSON.stringify(onHold)).toBeLessThan(0.2);

  await bobIncoming.getByRole('button', { name: /Answer/ }).click();
  const consult = page.getByTestId('consult');
  await expect(consult).toContainText('Talking with 1002');
  await waitForDeskAudio(bobPage, { minPackets: 25, minEnergy: 0.0001 });
  // bob hears alice (440 Hz), not the caller.
  await expect
    .poll(() => tonesHeardOnDesk(bobPage, [AGENT_HZ, CALLER_HZ]), { timeout: 10_000 })
    .toEqual([AGENT_HZ]);

  await consult.getByRole('button', { name: 'Return to caller' }).click();
  await expect(consult).toBeHidden();
  await expect(bobPage.getByTestId('ended-call')).toBeVisible();
  await aliceAndCallerTalk(page, caller);
  await expect(page.getByTestId('active-call').getByRole('alert')).toHaveCount(0);

  expect(await caller.hangup()).toBe(200);
  await expect(page.getByTestId('ended-call')).toBeVisible();
  await expectNoMediaSessions(tandem.media.ngPort);
  for (const log of journey.deskLogs())
    expect(log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});

test('bob declines the consult: alice has the caller back and is told', async ({ browser, page, tandem }) => {
  test.setTimeout(120_000);
  const { bobPage, bobIncoming, caller } = await consultingBob(browser, page, tandem);
  await bobIncoming.getByRole('button', { name: /Decline/ }).click();
  await expect(bobIncoming).toBeHidden();
  await expect(bobPage.getByTestId('active-call')).toHaveCount(0);

  await expect(page.getByTestId('consult')).toBeHidden();
  await expect(page.getByTestId('active-call').getByRole('alert')).toHaveText(
    'The consult call did not connect.',
  );
  await aliceAndCallerTalk(page, caller);

  expect(await caller.hangup()).toBe(200);
  await expect(page.getByTestId('ended-call')).toBeVisible();
  await expectNoMediaSessions(tandem.media.ngPort);
  for (const log of journey.deskLogs())
    expect(log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
