/**
 * The desk's conference and recording controls against the real server, in Chromium (two agents in two
 * browser contexts), the caller on the demo trunk (support/trunk-caller.ts: a 1 kHz tone, and it decodes
 * what it hears):
 *
 * - conference: alice answers the caller and adds bob with "Add to call"; bob answers on his desk. All three
 *   hear each other (the mixer sends each party everyone but itself): the caller hears the agents' 440 Hz,
 *   each desk hears the caller's 1 kHz and the other agent's 440 Hz (Web Audio on the desk's remote track);
 *   muting one agent takes their voice away from the other two. alice leaves: the caller and bob go on.
 * - recording: on a server that records the support queue, alice pauses the recording (the desk shows it
 *   paused), resumes, and hangs up. The WAV exists, the caller's voice is in it before and after the pause
 *   and the paused stretch is silent; GET /api/history/recording answers it to alice, not to bob.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { readWav, toneLevel } from '../../server/sfu/recording/testing/audio-check.fixture.js';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk, callsOf, demoAuthorization } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { tonesHeardOnDesk } from '../support/desktop/desk-tones.js';
import { remoteMediaIdentity, waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';
import { startTrunkCaller, type TrunkCall } from '../support/trunk-caller.js';

const AGENT_HZ = 440;
const CALLER_HZ = 1_000;
const BOTH = [AGENT_HZ, CALLER_HZ];
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const agentShare = async (caller: TrunkCall) => (await caller.hears(AGENT_HZ)).toneShare;

const journey = deskJourney(test);

/** The caller dials the support queue and alice answers on her desk; both hear each other. */
async function answeredByAlice(page: Page, tandem: TandemServer): Promise<TrunkCall> {
  const trunk = journey.closes(await startTrunkCaller(tandem, { toneHz: CALLER_HZ }));
  const caller = await answeredOnDesk(page, trunk);
  const heard = await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  expect([heard.localAddress, heard.remoteAddress]).toEqual(['127.0.0.1', '127.0.0.1']);
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeGreaterThan(0.5);
  return caller;
}

async function setMuted(page: Page, muted: boolean): Promise<void> {
  await page.getByRole('button', { name: muted ? /^Mute/ : /^Unmute/ }).click();
  await expect(page.getByRole('button', { name: muted ? /^Unmute/ : /^Mute/ })).toHaveAttribute(
    'aria-pressed',
    String(muted),
  );
}

/** alice and bob at their desks (bob Not ready), the caller answered by alice, bob added with "Add to call". */
async function conferenceOfThree(browser: Browser, page: Page, tandem: TandemServer) {
  await journey.signedInDesk(page, tandem, 'alice');
  const bobPage = await journey.deskInNewContext(browser, tandem, 'bob');
  // Only alice takes queue calls: bob goes Not ready (being added to a call reaches him all the same).
  await bobPage.getByLabel('Reason for not being ready').selectOption('training');
  await expect(bobPage.getByTestId('agent-state')).toHaveText('Not ready: Training');
  const caller = await answeredByAlice(page, tandem);
  // Before: alice hears the caller's tone and nothing at 440 Hz (the probe tells the voices apart).
  await expect.poll(() => tonesHeardOnDesk(page, BOTH), { timeout: 10_000 }).toEqual([CALLER_HZ]);
  const aliceMediaBefore = await remoteMediaIdentity(page);

  await page.getByRole('button', { name: /^Transfer/ }).click();
  const panel = page.getByTestId('transfer-panel');
  await panel.getByLabel(/Transfer to/).fill('1002');
  await panel.getByRole('button', { name: 'Add to call' }).click();
  const bobIncoming = bobPage.getByTestId('incoming-call');
  await expect(bobIncoming).toBeVisible();
  await expect(bobIncoming.getByTestId('caller-number')).toHaveText('+4930111222');
  await bobIncoming.getByRole('button', { name: /Answer/ }).click();
  await expect(bobPage.getByTestId('active-call')).toBeVisible();
  await expect(page.getByTestId('conference')).toHaveText('In conference with 1002');
  await expect(page.getByTestId('transfer-panel')).toBeHidden();
  return { bobPage, caller, aliceMediaBefore };
}

test('alice adds bob to the call: the caller and bob hear each other; alice leaves, they go on', async ({
  browser,
  page,
  tandem,
}) => {
  test.setTimeout(150_000);
  const { bobPage, caller } = await conferenceOfThree(browser, page, tandem);

  // bob hears the caller over loopback; the caller hears an agent's 440 Hz.
  const bobHears = await waitForDeskAudio(bobPage, { minPackets: 25, minEnergy: 0.0001 });
  expect([bobHears.localAddress, bobHears.remoteAddress]).toEqual(['127.0.0.1', '127.0.0.1']);
  await expect.poll(() => tonesHeardOnDesk(bobPage, [CALLER_HZ]), { timeout: 15_000 }).toEqual([CALLER_HZ]);
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeGreaterThan(0.5);

  // alice leaves: her desk shows the call ended; the caller and bob still hear each other.
  await page.getByRole('button', { name: /^Hang up/ }).click();
  await expect(page.getByTestId('ended-call')).toBeVisible();
  await delay(1_000);
  await expect(bobPage.getByTestId('active-call')).toBeVisible();
  await expect.poll(() => tonesHeardOnDesk(bobPage, BOTH), { timeout: 10_000 }).toEqual([CALLER_HZ]);
  // bob muted, the caller's 440 Hz goes; unmuted, it is back: what the caller hears is bob.
  await setMuted(bobPage, true);
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeLessThan(0.2);
  await setMuted(bobPage, false);
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeGreaterThan(0.5);
  const stillTalking = await caller.hears(AGENT_HZ, 1_500);
  expect(stillTalking.packets, JSON.stringify(stillTalking)).toBeGreaterThanOrEqual(60);

  expect(await caller.hangup()).toBe(200);
  await expect(bobPage.getByTestId('ended-call')).toBeVisible();
  await expectNoMediaSessions(tandem.media.ngPort);
  for (const log of journey.deskLogs())
    expect(log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});

/*
 * alice's desk keeps its media path when it joins the mixer (conference.ts): the re-INVITE's offer comes from
 * her own side of the call's rtpengine session, with the same ICE credentials and DTLS fingerprint, so
 * Chromium carries on as after a hold. Offered from a new session instead, Chromium restarted ICE and DTLS
 * and then played nothing: she heard nobody and nobody heard her.
 */
test('in the conference alice hears the caller and bob, and bob hears alice', async ({
  browser,
  page,
  tandem,
}) => {
  test.setTimeout(120_000);
  const { bobPage, caller, aliceMediaBefore } = await conferenceOfThree(browser, page, tandem);
  const aliceMediaAfter = await remoteMediaIdentity(page);
  // The re-INVITE's offer (another SDP origin: the mixer's) was applied, on the same ICE and DTLS path.
  expect(aliceMediaAfter.origin).not.toBe(aliceMediaBefore.origin);
  expect({ ...aliceMediaAfter, origin: '' }).toEqual({ ...aliceMediaBefore, origin: '' });
  await expect.poll(() => tonesHeardOnDesk(page, BOTH), { timeout: 15_000 }).toEqual(BOTH);
  await expect.poll(() => tonesHeardOnDesk(bobPage, BOTH), { timeout: 15_000 }).toEqual(BOTH);
  // alice muted, bob hears the caller only; bob muted and alice not, the caller still hears an agent.
  await setMuted(page, true);
  await expect.poll(() => tonesHeardOnDesk(bobPage, BOTH), { timeout: 10_000 }).toEqual([CALLER_HZ]);
  await setMuted(bobPage, true);
  await setMuted(page, false);
  await expect.poll(() => agentShare(caller), { timeout: 10_000 }).toBeGreaterThan(0.5);
  expect(await caller.hangup()).toBe(200);
  await expectNoMediaSessions(tandem.media.ngPort);
});

/** Levels of the caller's 1 kHz tone in 100 ms steps of the WAV's caller (left) channel. */
function callerToneSteps(wav: ReturnType<typeof readWav>): number[] {
  const caller = wav.samples[0]!;
  const durationMs = (caller.length / wav.sampleRate) * 1000;
  const steps: number[] = [];
  for (let from = 0; from + 100 <= durationMs; from += 100)
    steps.push(Math.round(toneLevel(caller, CALLER_HZ, from, from + 100)));
  return steps;
}

/** The longest run of steps below `quiet`, in steps, and where it starts. */
function longestQuiet(steps: readonly number[], quiet: number): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  steps.forEach((level, index) => {
    if (level < quiet) {
      if (start < 0) start = index;
      if (index - start + 1 > best.length) best = { start, length: index - start + 1 };
    } else start = -1;
  });
  return best;
}

test('alice pauses and resumes the recording: the WAV has the call without the paused stretch', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const tandem = await startTandem({ env: { TANDEM_CALLS_RECORDING_QUEUES: '["support"]' } });
  journey.reports('recorded server output', tandem);
  journey.afterwards(() => tandem.stop());
  const pageLog = await journey.signedInDesk(page, tandem, 'alice');
  const caller = await answeredByAlice(page, tandem);

  const toggle = page.getByTestId('recording-toggle');
  await expect(toggle).toHaveText('Pause recording');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await delay(2_000);
  await toggle.click();
  await expect(toggle).toHaveText('Resume recording');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const pausedAt = Date.now();
  await delay(3_000);
  await toggle.click();
  await expect(toggle).toHaveText('Pause recording');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const pausedMs = Date.now() - pausedAt;
  await delay(2_000);
  await expect(page.getByTestId('active-call').getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: /^Hang up/ }).click();
  await expect(page.getByTestId('ended-call')).toBeVisible();
  await caller.ended;

  // The call's record names the WAV once it is mixed down.
  let recordingRef: string | null = null;
  let callId = '';
  await expect
    .poll(
      async () => {
        const [call] = await callsOf(tandem, 'alice');
        callId = call?.id ?? '';
        recordingRef = call?.recordingRef ?? null;
        return recordingRef;
      },
      { timeout: 10_000 },
    )
    .toMatch(/\.wav$/);
  expect(existsSync(recordingRef!)).toBe(true);

  // alice may fetch it; bob, who was not on the call, may not.
  const recordingUrl = `${tandem.baseUrl}/api/history/recording?id=${encodeURIComponent(callId)}`;
  const forBob = await fetch(recordingUrl, { headers: { Authorization: demoAuthorization('bob') } });
  expect(forBob.status).toBe(404);
  const forAlice = await fetch(recordingUrl, { headers: { Authorization: demoAuthorization('alice') } });
  expect(forAlice.status).toBe(200);
  expect(forAlice.headers.get('content-type')).toBe('audio/wav');
  const folder = await mkdtemp(join(tmpdir(), 'desk-recording-'));
  try {
    const file = join(folder, 'call.wav');
    await writeFile(file, Buffer.from(await forAlice.arrayBuffer()));
    const wav = readWav(file);
    expect([wav.channels, wav.sampleRate, wav.bitsPerSample]).toEqual([2, 8000, 16]);

    // The caller's tone before and after the pause; the paused stretch silent, about as long as the pause.
    const steps = callerToneSteps(wav);
    testInfo.annotations.push({ type: 'caller 1 kHz per 100 ms', description: steps.join(' ') });
    const loud = Math.max(...steps);
    expect(loud).toBeGreaterThan(1_000);
    const quiet = longestQuiet(steps, loud / 100);
    testInfo.annotations.push({
      type: 'paused stretch',
      description: `${quiet.length * 100} ms of silence from ${quiet.start * 100} ms; paused ${pausedMs} ms`,
    });
    expect(quiet.length * 100).toBeGreaterThan(pausedMs - 700);
    expect(quiet.length * 100).toBeLessThan(pausedMs + 700);
    const before = steps.slice(0, quiet.start).filter((level) => level > loud / 4).length;
    const after = steps.slice(quiet.start + quiet.length).filter((level) => level > loud / 4).length;
    expect(before * 100, steps.join(' ')).toBeGreaterThan(1_000);
    expect(after * 100, steps.join(' ')).toBeGreaterThan(1_000);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  await expectNoMediaSessions(tandem.media.ngPort);
  expect(pageLog.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
