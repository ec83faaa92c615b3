/**
 * Call history in the browser build, as an agent uses it:
 * - alice answers two trunk calls on the desk (media checked both ways), holds and resumes the first;
 * - the History view lists both, newest first, and the first call's journey shows queue, offer, answer,
 *   hold, resume and end, with how long each part took;
 * - the server stops: the view says it is offline and still lists and searches what it keeps (in memory
 *   and IndexedDB); alice writes a note, which waits in the outbox;
 * - the server comes back on the same address and data: the outbox goes out by itself and the note is
 *   on the server (read back over the history API, not from the page).
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { startRestartableTandem } from '../support/desktop/restartable-tandem.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTrunkCaller, type TrunkCaller } from '../support/trunk-caller.js';

const CALLER_NUMBER = '+4930111222'; // what support/trunk-caller.ts puts in From
const AGENT_TONE_HZ = 440;

const journey = deskJourney(test);

/** A trunk call that alice answers on the desk; both hear each other; `during` runs while it is up. */
async function answeredCall(page: Page, caller: TrunkCaller, during: () => Promise<void> = async () => {}) {
  const call = await answeredOnDesk(page, caller, { withKeyboard: true });
  await waitForDeskAudio(page, { minPackets: 25, minEnergy: 0.0001 });
  await expect
    .poll(async () => (await call.hears(AGENT_TONE_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  await during();
  expect(await call.hangup()).toBe(200);
  await expect(page.getByTestId('ended-call')).toBeVisible();
}

/** The call's record as the server's history API gives it to alice. */
async function serverCall(baseUrl: string, callId: string) {
  const response = await fetch(`${baseUrl}/api/history/call?id=${encodeURIComponent(callId)}`, {
    headers: { Authorization: `Basic ${Buffer.from('alice:demo').toString('base64')}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { note: { value: string } | null; events: { kind: string }[] };
}

test('history shows real calls with their journey, opens and searches offline, and sends an offline note later', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tandem = journey.closes(journey.reports('server output', await startRestartableTandem()));
  const pageLog = await journey.signedInDesk(page, tandem, 'alice');

  const trunk = journey.closes(await startTrunkCaller(tandem));
  await answeredCall(page, trunk, async () => {
    await page.keyboard.press('Alt+h');
    await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');
    await page.waitForTimeout(1_200); // a hold long enough to show in the durations
    await page.getByRole('button', { name: /Resume/ }).click();
    await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'false');
  });
  await answeredCall(page, trunk);
  await expectNoMediaSessions(tandem.media.ngPort);

  // The History view, reached from the desk by keyboard.
  const historyButton = page.getByRole('button', { name: 'History', exact: true });
  await historyButton.focus();
  await page.keyboard.press('Enter');
  const history = page.getByTestId('history');
  await expect(history.getByRole('heading', { name: 'Call history' })).toBeVisible();
  await expect(page.getByTestId('history-link')).toHaveAttribute('data-link', 'online');
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('history-count')).toHaveText('2 calls');
  await expect(rows.first()).toContainText(CALLER_NUMBER);
  await expect(rows.first()).toContainText('Incoming · Answered');

  // The first call (the older one, listed second) with its journey.
  const firstCallId = await rows.nth(1).getAttribute('data-call-id');
  expect(firstCallId).toBeTruthy();
  await rows.nth(1).click();
  const detail = page.getByTestId('history-detail');
  await expect(detail.getByRole('heading', { name: `Call with ${CALLER_NUMBER}` })).toBeVisible();
  const timeline = page.getByTestId('history-timeline');
  for (const kind of ['answered', 'held', 'resumed', 'ended'])
    await expect(timeline.locator(`li[data-kind="${kind}"]`)).toHaveCount(1);
  await expect(timeline).toContainText('Answered');
  await expect(timeline).toContainText('Put on hold');
  await expect(detail).toContainText('Talked');
  await expect(detail).toContainText('On hold');
  await page.screenshot({ path: testInfo.outputPath('history-online.png'), fullPage: true });

  // The server goes away for a while: the history still opens, lists and searches.
  const restarting = tandem.restart({ downForMs: 15_000 });
  await expect(page.getByTestId('history-link')).toHaveAttribute('data-link', 'offline', { timeout: 12_000 });
  await expect(page.getByTestId('history-link')).toHaveText('Offline: showing the calls kept on this device');
  await page.getByRole('button', { name: 'Back to the desk' }).click();
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(rows).toHaveCount(2);
  const search = page.getByTestId('history-search');
  await search.fill('nobody-called-this');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('history-count')).toHaveText('0 calls');
  await search.fill('30 111');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Outcome').selectOption('missed');
  await expect(rows).toHaveCount(0);
  await page.getByLabel('Outcome').selectOption('');
  await search.fill('');

  // A note written offline waits in the outbox.
  await page.locator(`[data-testid="history-row"][data-call-id="${firstCallId}"]`).click();
  await detail.getByLabel('Note').fill('Caller wants a refund; call back Monday');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('annotation-status')).toHaveText(
    'Saved on this device; it goes to the server when it is back.',
  );
  await expect(page.getByTestId('history-pending')).toHaveText('1 edit waits for the server');
  await search.fill('refund');
  await expect(rows).toHaveCount(1);
  expect(await rows.first().getAttribute('data-call-id')).toBe(firstCallId);
  await page.screenshot({ path: testInfo.outputPath('history-offline.png'), fullPage: true });

  // The server is back on the same address with the same data: the note goes out by itself.
  await restarting;
  await expect(page.getByTestId('history-link')).toHaveAttribute('data-link', 'online', { timeout: 15_000 });
  await expect(page.getByTestId('history-pending')).toHaveCount(0);
  const stored = await serverCall(tandem.baseUrl, firstCallId!);
  expect(stored.note?.value).toBe('Caller wants a refund; call back Monday');
  expect(stored.events.map((event) => event.kind)).toEqual(
    expect.arrayContaining(['answered', 'held', 'resumed']),
  );
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
