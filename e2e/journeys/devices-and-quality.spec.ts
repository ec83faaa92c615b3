/**
 * Audio devices and call quality on the agent desk, in Chromium with its fake devices (two microphones, two
 * outputs besides the defaults):
 * - alice signs in and opens "Audio devices": the microphones and outputs are listed by name; she picks a
 *   ringer, and the trunk caller's offer rings there (the ringtone's element plays on that output) until she
 *   answers;
 * - during the call she switches the microphone: the call's sender now sends a track of the new device, and
 *   the caller still hears her with energy; she switches the speaker: the far end's audio element plays on
 *   the new output and the desk still hears the caller;
 * - the call shows its quality (MOS, round trip, jitter, loss), and after she hangs up the server's record of
 *   the call carries the figures the desk measured (history API);
 * - she closes the desk in the middle of a call: the figures measured until then still reach the record,
 *   and when the desk has not come back within the grace period the caller is released.
 */
import type { Page } from '@playwright/test';
import type { HistoryCallWithQuality, HistoryPageResponse } from '../../server/api/history-api-types.js';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTrunkCaller, type TrunkCall } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const callerHears = (caller: TrunkCall, ms?: number) => caller.hears(AGENT_TONE_HZ, ms);

const journey = deskJourney(test);

/** The audio track the desk's call sends now: its id and its device's name. */
function sentMicrophone(page: Page): Promise<{ id: string; label: string; readyState: string } | null> {
  return page.evaluate(() => {
    const all =
      (window as unknown as { __deskPeerConnections?: RTCPeerConnection[] }).__deskPeerConnections ?? [];
    const track = all
      .at(-1)
      ?.getSenders()
      .find((sender) => sender.track?.kind === 'audio')?.track;
    return track ? { id: track.id, label: track.label, readyState: track.readyState } : null;
  });
}

/** The output each of the page's <audio> elements matching `selector` plays on. */
function sinksOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (css) =>
      Array.from(
        document.querySelectorAll<HTMLAudioElement & { sinkId: string }>(css),
        (audio) => audio.sinkId,
      ),
    selector,
  );
}

/** The value of the option labelled `label` in the device select `testId`. */
async function optionValue(page: Page, testId: string, label: string): Promise<string> {
  const value = await page.getByTestId(testId).locator('option', { hasText: label }).getAttribute('value');
  expect(value, `${testId} offers ${label}`).toBeTruthy();
  return value!;
}

test('alice switches microphone and speaker during a call, sees its quality, and the record keeps it', async ({
  page,
  tandem,
}) => {
  test.setTimeout(90_000);
  const pageLog = await journey.signedInDesk(page, tandem, 'alice');

  // The device settings list the fake devices by name once the microphone is allowed.
  await page.getByTestId('open-device-settings').click();
  const settings = page.getByTestId('device-settings');
  await expect(settings).toBeVisible();
  const showNames = settings.getByRole('button', { name: 'Show device names' });
  if (await showNames.isVisible()) await showNames.click();
  await expect(page.getByTestId('device-microphone').locator('option')).toHaveText([
    'System default',
    'Fake Audio Input 1',
    'Fake Audio Input 2',
  ]);
  await expect(page.getByTestId('device-speaker').locator('option')).toHaveText([
    'System default',
    'Fake Audio Output 1',
    'Fake Audio Output 2',
  ]);
  // The level meter moves with the fake microphone's tone.
  await expect
    .poll(async () => Number(await page.getByTestId('microphone-level').getAttribute('aria-valuenow')))
    .toBeGreaterThan(10);
  const ringer = await optionValue(page, 'device-ringer', 'Fake Audio Output 2');
  await page.getByTestId('device-ringer').selectOption(ringer);

  // The offer rings on the ringer device, and stops ringing when she answers.
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const dialling = trunk.dial('+15550101');
  await expect(page.getByTestId('incoming-call')).toBeVisible();
  await expect.poll(() => sinksOf(page, 'audio[data-tandem-sound="ringtone"]')).toEqual([ringer]);
  await page
    .getByTestId('incoming-call')
    .getByRole('button', { name: /Answer/ })
    .click();
  const caller = await dialling;
  await expect(page.getByTestId('active-call')).toBeVisible();
  await expect.poll(() => sinksOf(page, 'audio[data-tandem-sound="ringtone"]')).toEqual([]);

  // Both hear each other with the default devices.
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  await expect.poll(async () => (await callerHears(caller)).level, { timeout: 10_000 }).toBeGreaterThan(300);
  const before = await sentMicrophone(page);
  expect(before).toMatchObject({ label: 'Fake Default Audio Input', readyState: 'live' });

  // Microphone 2 during the call: a new track from that device is sent, and the caller still hears her.
  const microphone = await optionValue(page, 'device-microphone', 'Fake Audio Input 2');
  await page.getByTestId('device-microphone').selectOption(microphone);
  await expect.poll(async () => (await sentMicrophone(page))?.label).toBe('Fake Audio Input 2');
  const after = await sentMicrophone(page);
  expect(after!.id).not.toBe(before!.id);
  expect(after!.readyState).toBe('live');
  await new Promise((resolve) => setTimeout(resolve, 300)); // what the old track had in flight
  const heardAfterSwitch = await callerHears(caller, 1_500);
  expect(heardAfterSwitch.packets, JSON.stringify(heardAfterSwitch)).toBeGreaterThanOrEqual(60);
  expect(heardAfterSwitch.level, JSON.stringify(heardAfterSwitch)).toBeGreaterThan(300);
  await expect(page.getByTestId('device-problem')).toHaveCount(0);

  // Output 1 for the far end during the call: its audio element plays there, and the caller is still heard.
  const speaker = await optionValue(page, 'device-speaker', 'Fake Audio Output 1');
  expect(await sinksOf(page, 'audio[data-call-id]')).toEqual(['']);
  await page.getByTestId('device-speaker').selectOption(speaker);
  await expect.poll(() => sinksOf(page, 'audio[data-call-id]')).toEqual([speaker]);
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  await page.getByTestId('device-settings').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('device-settings')).toHaveCount(0);

  // The choices are remembered for the next session (device ids only).
  const stored = await page.evaluate(() => ({ ...window.localStorage }));
  expect(stored).toMatchObject({
    'tandem.device.microphone': microphone,
    'tandem.device.speaker': speaker,
    'tandem.device.ringer': ringer,
  });

  // The call's quality: figures from getStats, on loopback a good line.
  const quality = page.getByTestId('call-quality');
  await expect(quality).toHaveAttribute('data-level', 'good', { timeout: 10_000 });
  await expect(page.getByTestId('call-quality-mos')).toHaveText(/^MOS [34](\.\d)?$/);
  await expect(page.getByTestId('call-quality-rtt')).toHaveText(/^Round trip (\d+ ms|unknown)$/);
  await expect(page.getByTestId('call-quality-jitter')).toHaveText(/^Jitter [\d.]+ ms$/);
  await expect(page.getByTestId('call-quality-loss')).toHaveText(/^Loss [\d.]+ %$/);
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // a few more samples

  // She hangs up; the call's record on the server carries the figures the desk measured.
  await page.getByRole('button', { name: /Hang up/ }).click();
  expect(await caller.ended).toBe('remote-bye');
  await expectNoMediaSessions(tandem.media.ngPort);
  await expect.poll(async () => (await recordedQuality(tandem.baseUrl)).length, { timeout: 10_000 }).toBe(1);
  const [figures] = await recordedQuality(tandem.baseUrl);
  expect(figures!.samples, JSON.stringify(figures)).toBeGreaterThanOrEqual(4);
  expect(figures!.mosAvg).toBeGreaterThanOrEqual(4);
  expect(figures!.mosMin).toBeLessThanOrEqual(figures!.mosAvg);
  expect(figures!.packetLossPercent).toBeLessThan(5);
  expect(figures!.jitterMsMax).toBeGreaterThanOrEqual(figures!.jitterMsAvg);
  expect(figures!.degradedSamples).toBe(0);
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});

/** alice's latest call on the server (history API). */
async function latestCall(baseUrl: string): Promise<HistoryCallWithQuality | undefined> {
  const auth = { Authorization: `Basic ${Buffer.from('alice:demo').toString('base64')}` };
  const response = await fetch(`${baseUrl}/api/history/calls`, { headers: auth });
  const history = (await response.json()) as Omit<HistoryPageResponse, 'calls'> & {
    calls: HistoryCallWithQuality[];
  };
  return history.calls.at(-1);
}

/** The quality figures of alice's latest call on the server. */
async function recordedQuality(baseUrl: string): Promise<HistoryCallWithQuality['quality']> {
  return (await latestCall(baseUrl))?.quality ?? [];
}

test('alice closes the desk in the middle of a call: the figures measured so far reach the record', async ({
  page,
  tandem,
}) => {
  test.setTimeout(60_000);
  await journey.signedInDesk(page, tandem, 'alice');
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const caller = await answeredOnDesk(page, trunk);
  await expect(page.getByTestId('call-quality')).toHaveAttribute('data-level', 'good', { timeout: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // a few more samples
  expect(await recordedQuality(tandem.baseUrl)).toEqual([]); // nothing saved yet: the call is short

  // The window goes (pagehide): the summary so far leaves in a request that outlives the page.
  await page.close({ runBeforeUnload: true });
  await expect.poll(async () => (await recordedQuality(tandem.baseUrl)).length, { timeout: 10_000 }).toBe(1);
  const [figures] = await recordedQuality(tandem.baseUrl);
  expect(figures!.samples, JSON.stringify(figures)).toBeGreaterThanOrEqual(2);
  expect(figures!.mosAvg).toBeGreaterThanOrEqual(4);
  // And the call does not outlive the desk: once it has not come back for 10 s, the caller is released.
  expect(await caller.ended).toBe('remote-bye');
  await expect.poll(async () => (await latestCall(tandem.baseUrl))?.endReason).toBe('connection-lost');
});
