/**
 * The desk without a mouse: every step by keys, and wherever focus goes it is visible (`:focus-visible`
 * with an outline). alice signs in by Tab and typing, goes Not ready and Available again from the state
 * bar, answers a trunk call with Ctrl+Enter (audio both ways checked as in the other journeys), holds and
 * resumes with Alt+H, sends DTMF from the keypad (Alt+K, then the digit keys), opens and closes the transfer
 * panel (Alt+T, Escape), hangs up with Ctrl+Shift+H, and saves a wrap-up by Tab, arrow keys and typing.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk, expectSignedIn } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { openDesk } from '../support/desktop/desk-page.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { digitsOf, startTrunkCaller } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
/** Far more Tabs than the desk has stops: a focus trap or a lost focus fails instead of looping. */
const MAX_TABS = 60;

const journey = deskJourney(test);

interface Focused {
  readonly name: string;
  readonly visible: boolean;
}

/** The focused element's accessible-ish name (label, aria-label or text) and whether its focus shows. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return { name: '', visible: false };
    const labelled = element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;
    const name = (
      element.getAttribute('aria-label') ??
      labelled?.textContent ??
      element.closest('label')?.textContent ??
      element.textContent ??
      ''
    ).trim();
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return { name, visible: element.matches(':focus-visible') && (outlined || style.boxShadow !== 'none') };
  });
}

/** Presses Tab until the focused element's name matches; every stop on the way must show its focus. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  const seen: string[] = [];
  for (let step = 0; step < MAX_TABS; step += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    expect(now.visible, `focus on "${now.name}" is not visible`).toBe(true);
    seen.push(now.name);
    if (name.test(now.name)) return;
  }
  throw new Error(`Tab never reached ${String(name)}; focus went: ${seen.join(' | ')}`);
}

test('alice works a call with the keyboard only, and always sees where the focus is', async ({
  page,
  tandem,
}) => {
  test.setTimeout(120_000);
  const pageLog = journey.deskLog('alice', await openDesk(page, tandem.baseUrl));

  // Sign in: Tab to each field and type.
  await tabTo(page, /^Server address/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(tandem.baseUrl);
  await tabTo(page, /^Phone connection/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(`wss://127.0.0.1:${tandem.sip.wss}`);
  await tabTo(page, /^Agent name/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('alice');
  await tabTo(page, /^Password/);
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  await expectSignedIn(page, 'alice');
  const state = page.getByTestId('agent-state');

  // Not ready for a break with the arrow keys, then Available again with Enter.
  await tabTo(page, /^Reason for not being ready/);
  await page.keyboard.press('ArrowDown');
  await expect(state).toHaveText('Not ready: Break');
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).visible).toBe(true);
  await expect(page.locator(':focus')).toHaveText('Available');
  await page.keyboard.press('Enter');
  await expect(state).toHaveText('Available');

  // A call rings: answer with Ctrl+Enter; audio both ways.
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const caller = await answeredOnDesk(page, trunk, { withKeyboard: true });
  await waitForDeskAudio(page, { minPackets: 25, minEnergy: 0.0001 });
  await expect
    .poll(async () => (await caller.hears(AGENT_TONE_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);

  // Hold and resume with Alt+H.
  await page.keyboard.press('Alt+h');
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');
  await page.keyboard.press('Alt+h');
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'false');

  // The keypad with Alt+K; Tab into it and type the digits.
  const mark = caller.mark();
  await page.keyboard.press('Alt+k');
  await expect(page.getByTestId('dial-pad')).toBeVisible();
  await tabTo(page, /^1$/);
  await page.keyboard.type('7*');
  await expect
    .poll(() => digitsOf(caller.eventsSince(mark), { ended: true }), { timeout: 10_000 })
    .toBe('7*');

  // The transfer panel with Alt+T takes the focus; Escape closes it.
  await page.keyboard.press('Alt+t');
  await expect(page.getByTestId('transfer-panel')).toBeVisible();
  expect(await focused(page)).toMatchObject({ name: expect.stringMatching(/^Transfer to/), visible: true });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('transfer-panel')).toBeHidden();

  // Hang up with Ctrl+Shift+H; wrap up by Tab, arrows and typing.
  await page.keyboard.press('Control+Shift+H');
  expect(await caller.ended).toBe('remote-bye');
  await expect(page.getByTestId('wrap-up')).toBeVisible();
  await tabTo(page, /^Disposition/);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('wrap-up').getByLabel('Disposition')).toHaveValue('resolved');
  await tabTo(page, /^Notes/);
  await page.keyboard.type('Solved on the phone.');
  await tabTo(page, /^Save/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('wrap-up').getByRole('status')).toHaveText('Saved with the call.');
  await expectNoMediaSessions(tandem.media.ngPort);
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
