/**
 * A shift's call, worked in the desk as served by the server, in Chromium, by two agents in two browser
 * contexts:
 * - alice and bob sign in through the form and are Available;
 * - a caller on the demo trunk dials the support number; alice's desk rings and shows the queue and the
 *   seconds waited; she answers; both hear each other (the desk's getStats: the caller's tone with energy over
 *   127.0.0.1; the caller: her fake microphone's 440 Hz tone);
 * - she holds (the caller hears music, not her) and resumes; she sends DTMF from the keypad (the caller
 *   receives RFC 4733 events);
 * - she consults bob through the transfer panel (the directory search finds him), bob answers on his desk,
 *   she completes the transfer: the caller and bob hear each other, her call ends as transferred;
 * - she wraps up with a disposition and a note, which are then found on the call's record on the server.
 *
 * The caller is support/trunk-caller.ts rather than SIPp: SIPp can play audio but neither decodes nor counts
 * what it receives, and this journey must prove that the caller hears the agents.
 */
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { demoAuthorization } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import type { TandemServer } from '../support/tandem-server.js';
import { digitsOf, startTrunkCaller, type TrunkCall } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const CALLER_NUMBER = '+4930111222'; // what support/trunk-caller.ts puts in From
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const callerHears = (caller: TrunkCall, ms?: number) => caller.hears(AGENT_TONE_HZ, ms);

const journey = deskJourney(test);

/** What an agent's API answers about the calls they handled (Basic auth, as the desk signs in). */
async function historyOf(tandem: TandemServer, username: string) {
  const response = await fetch(`${tandem.baseUrl}/api/history/calls?since=0&limit=1000`, {
    headers: { Authorization: demoAuthorization(username) },
  });
  expect(response.status).toBe(200);
  const page = (await response.json()) as {
    calls: { id: string; disposition: { value: string } | null; note: { value: string } | null }[];
  };
  return page.calls.map((call) => ({
    id: call.id,
    disposition: call.disposition?.value ?? null,
    note: call.note?.value ?? null,
  }));
}

test('alice works a call: offer context, two-way audio, hold, DTMF, consult transfer to bob, wrap-up', async ({
  browser,
  page,
  tandem,
}, testInfo) => {
  test.setTimeout(150_000);
  await journey.signedInDesk(page, tandem, 'alice');
  const bobPage = await journey.deskInNewContext(browser, tandem, 'bob');
  // Only alice takes queue calls in this journey: bob goes Not ready (a consult reaches him all the same).
  await bobPage.getByLabel('Reason for not being ready').selectOption('training');
  await expect(bobPage.getByTestId('agent-state')).toHaveText('Not ready: Training');

  // The caller waits in support; alice's desk rings with the queue and the wait.
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const dialling = trunk.dial('+15550101');
  const incoming = page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await expect(incoming.getByTestId('caller-number')).toHaveText(CALLER_NUMBER);
  await expect(incoming.getByTestId('offer-queue')).toHaveText('support');
  await expect(incoming.getByTestId('offer-waited')).toHaveText(/\d+ sec/);
  await page.screenshot({ path: testInfo.outputPath('shift-ringing.png'), fullPage: true });
  await incoming.getByRole('button', { name: /Answer/ }).click();
  const caller = await dialling;
  await expect(page.getByTestId('active-call')).toBeVisible();
  await expect(page.getByTestId('agent-state')).toHaveText('On a call');

  // Both ways: the caller's tone reaches the desk with energy over loopback; alice's tone reaches the caller.
  const heard = await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  expect([heard.localAddress, heard.remoteAddress]).toEqual(['127.0.0.1', '127.0.0.1']);
  await expect
    .poll(async () => (await callerHears(caller)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);

  // Hold: the caller hears music rather than alice; resume: alice again.
  await page.getByRole('button', { name: /^Hold/ }).click();
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');
  await delay(300);
  const onHold = await callerHears(caller, 1_500);
  expect(onHold.packets, JSON.stringify(onHold)).toBeGreaterThanOrEqual(60);
  expect(onHold.toneShare, JSON.stringify(onHold)).toBeLessThan(0.2);
  await page.getByRole('button', { name: /^Resume/ }).click();
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'false');
  await expect
    .poll(async () => (await callerHears(caller)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);

  // DTMF from the keypad reaches the caller as RFC 4733 events.
  const mark = caller.mark();
  await page.getByRole('button', { name: /^Keypad/ }).click();
  const keypad = page.getByTestId('dial-pad');
  for (const key of ['4', '2', '#']) await keypad.getByRole('button', { name: key, exact: true }).click();
  await expect
    .poll(() => digitsOf(caller.eventsSince(mark), { ended: true }), { timeout: 10_000 })
    .toBe('42#');

  // Consult bob: search the directory, call him while the caller holds, then complete.
  await page.getByRole('button', { name: /^Transfer/ }).click();
  const panel = page.getByTestId('transfer-panel');
  await panel.getByLabel(/Transfer to/).fill('bob');
  const bobEntry = panel.getByRole('button', { name: /Bob Agent, extension 1002/ });
  await expect(bobEntry).toBeVisible();
  await bobEntry.click();
  await expect(panel.getByLabel(/Transfer to/)).toHaveValue('1002');
  await page.screenshot({ path: testInfo.outputPath('shift-transfer.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Consult first' }).click();
  const consult = page.getByTestId('consult');
  await expect(consult).toContainText('Calling 1002');
  await expect(page.getByTestId('active-call')).toHaveAttribute('data-held', 'true');

  const bobIncoming = bobPage.getByTestId('incoming-call');
  await expect(bobIncoming).toBeVisible();
  await bobIncoming.getByRole('button', { name: /Answer/ }).click();
  await expect(bobPage.getByTestId('active-call')).toBeVisible();
  await expect(consult).toContainText('Talking with 1002');
  // alice and bob hear each other on the consult call (bob's desk: alice's tone with energy).
  await waitForDeskAudio(bobPage, { minPackets: 25, minEnergy: 0.0001 });

  await consult.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(page.getByTestId('ended-call')).toContainText(
    `The call with ${CALLER_NUMBER} was transferred.`,
  );
  // The caller and bob hear each other: bob's microphone tone at the caller, the caller's tone at bob.
  await expect
    .poll(async () => (await callerHears(caller)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  const bobHears = await waitForDeskAudio(bobPage, { minPackets: 25, minEnergy: 0.0001 });
  expect(bobHears.localAddress).toBe('127.0.0.1');

  // alice wraps up with a disposition and a note, saved on the call's record.
  const wrapUp = page.getByTestId('wrap-up');
  await wrapUp.getByLabel('Disposition').selectOption('escalated');
  await wrapUp.getByLabel('Notes').fill('Handed to bob for the refund.');
  await wrapUp.getByRole('button', { name: 'Save' }).click();
  await expect(wrapUp.getByRole('status')).toHaveText('Saved with the call.');
  const handled = await historyOf(tandem, 'alice');
  expect(handled).toContainEqual(
    expect.objectContaining({ disposition: 'escalated', note: 'Handed to bob for the refund.' }),
  );

  expect(await caller.hangup()).toBe(200);
  await expect(bobPage.getByTestId('ended-call')).toBeVisible();
  await expectNoMediaSessions(tandem.media.ngPort);
  for (const log of journey.deskLogs())
    expect(log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
