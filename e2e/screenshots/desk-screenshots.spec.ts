/**
 * Takes the README's pictures of the desk's main screens, as an agent sees them: signed in, an offer
 * ringing, on a call, the transfer dialog, the call history. Each step waits for what it photographs, so a
 * broken screen fails here instead of ending up in the docs.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { signInAvailable } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { openDesk } from '../support/desktop/desk-page.js';
import { startTrunkCaller } from '../support/trunk-caller.js';

const docs = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const shoot = (page: Page, name: string) => page.screenshot({ path: `${docs}${name}.png` });

const journey = deskJourney(test);

test('the desk, ringing, on a call, transferring, history', async ({ page, tandem }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1200, height: 760 });
  journey.deskLog('alice', await openDesk(page, tandem.baseUrl));
  await shoot(page, 'sign-in');
  await signInAvailable(page, tandem, 'alice');
  await shoot(page, 'signed-in');

  const trunk = journey.closes(await startTrunkCaller(tandem));
  const answered = trunk.dial('+15550101');
  await expect(page.getByTestId('incoming-call')).toBeVisible();
  await shoot(page, 'ringing');

  await page.keyboard.press('Control+Enter');
  const call = await answered;
  await expect(page.getByTestId('active-call')).toBeVisible();
  await expect(page.getByTestId('call-timer')).not.toHaveText('0:00');
  await shoot(page, 'on-call');

  await page.getByRole('button', { name: /^Transfer/ }).click();
  const panel = page.getByTestId('transfer-panel');
  await panel.getByLabel(/Transfer to/).fill('bob');
  await expect(panel.getByRole('button', { name: /Bob Agent, extension 1002/ })).toBeVisible();
  await shoot(page, 'transfer');

  await page.keyboard.press('Control+Shift+H');
  expect(await call.ended).toBe('remote-bye');
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Call history' })).toBeVisible();
  await page.getByRole('button', { name: /^\+4930111222/ }).click();
  await expect(page.getByTestId('history-timeline')).toBeVisible();
  await shoot(page, 'history');
});
