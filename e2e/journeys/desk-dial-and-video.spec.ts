/**
 * Placing calls and video in the desk, as two agents use it in Chromium (two browser contexts):
 * - alice opens New call, searches the directory for bob, calls him; her desk shows the call's progress;
 *   bob answers on his desk; both hear each other (getStats: inbound audio with energy, over 127.0.0.1);
 * - alice turns her camera on (video added by re-INVITE): bob's desk shows her video, and his page decodes
 *   frames (framesDecoded grows); she shares her screen: bob decodes a second video stream; she stops
 *   sharing: that stream stops while her camera goes on; she hangs up;
 * - a caller on the trunk (audio only) reaches alice; she turns her camera on: the caller's side refuses
 *   video (port 0), the desk says video is not available, and the call goes on with audio both ways;
 * - from History, alice calls that caller back: the desk places the call and says why it was refused
 *   (this demo server has no outbound trunk route: 403).
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/browser-agent/agent-fixtures.node.js';
import { answeredOnDesk } from '../support/desktop/desk-agents.js';
import { deskJourney } from '../support/desktop/desk-journey.js';
import { waitForDeskAudio } from '../support/desktop/peer-connection-probe.js';
import { expectNoMediaSessions } from '../support/media-sessions.js';
import { startTrunkCaller } from '../support/trunk-caller.js';

const AGENT_TONE_HZ = 440;
const CALLER_NUMBER = '+4930111222'; // what support/trunk-caller.ts puts in From

const journey = deskJourney(test);

interface DeskVideo {
  /** Frames decoded per mid of the desk's newest peer connection. */
  readonly decoded: Record<string, number>;
}

/** The desk's received video, per m-line, from getStats (the probe records the page's peer connections). */
function readDeskVideo(page: Page): Promise<DeskVideo> {
  return page.evaluate(async () => {
    const all =
      (window as unknown as { __deskPeerConnections?: RTCPeerConnection[] }).__deskPeerConnections ?? [];
    const connection = all.at(-1);
    const decoded: Record<string, number> = {};
    if (!connection) return { decoded };
    (await connection.getStats()).forEach((report: Record<string, unknown>) => {
      if (report['type'] !== 'inbound-rtp' || report['kind'] !== 'video') return;
      const frames = typeof report['framesDecoded'] === 'number' ? report['framesDecoded'] : 0;
      decoded[String(report['mid'])] = frames;
    });
    return { decoded };
  });
}

/** Waits until `minFrames` more frames were decoded on `mid`; says what it saw when it gives up. */
async function waitForFrames(page: Page, mid: string, minFrames = 15, timeoutMs = 10_000): Promise<number> {
  const start = (await readDeskVideo(page)).decoded[mid] ?? 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await readDeskVideo(page);
    const frames = (now.decoded[mid] ?? 0) - start;
    if (frames >= minFrames) return frames;
    if (Date.now() >= deadline)
      throw new Error(`${frames} frames decoded on mid ${mid} in ${timeoutMs} ms: ${JSON.stringify(now)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The desk's own camera preview: whether it plays, and whether its track is the one the call sends. */
function selfView(page: Page): Promise<{ playing: boolean; sent: boolean } | null> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="self-view"]');
    const track = video?.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
    if (!video || !track) return null;
    const all =
      (window as unknown as { __deskPeerConnections?: RTCPeerConnection[] }).__deskPeerConnections ?? [];
    const sent = (all.at(-1)?.getSenders() ?? []).some((sender) => sender.track === track);
    return { playing: video.videoWidth > 0 && !video.paused && track.readyState === 'live', sent };
  });
}

/** The <video> elements the desk shows: their mid, picture width, whether their track is live, their clock. */
function shownVideos(page: Page) {
  return page.getByTestId('remote-video').evaluateAll((videos) =>
    videos.map((element) => {
      const video = element as HTMLVideoElement;
      const track = video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
      return {
        mid: video.getAttribute('data-mid') ?? '',
        width: video.videoWidth,
        live: track?.readyState === 'live',
        time: video.currentTime,
      };
    }),
  );
}

/** Every video the desk shows plays: its track is live and its clock moves on. */
async function expectVideosPlaying(page: Page, count: number): Promise<void> {
  const before = await shownVideos(page);
  expect(before).toHaveLength(count);
  await expect
    .poll(async () => {
      const now = await shownVideos(page);
      return now.every(
        (video, index) => video.live && video.width > 0 && video.time > (before[index]?.time ?? 0),
      );
    })
    .toBe(true);
}

test('alice calls bob from New call, turns her camera on, shares her screen; video is refused toward a trunk caller', async ({
  browser,
  page,
  tandem,
}, testInfo) => {
  test.setTimeout(150_000);
  await page.context().grantPermissions(['microphone', 'camera'], { origin: tandem.baseUrl });
  await journey.signedInDesk(page, tandem, 'alice');
  const bobPage = await journey.deskInNewContext(browser, tandem, 'bob', {
    permissions: ['microphone', 'camera'],
  });

  // New call: search the directory, pick bob, call.
  await page.getByRole('button', { name: /^New call/ }).click();
  const form = page.getByTestId('new-call');
  await form.getByLabel(/^Call \(search/).fill('bob');
  const bobEntry = form.getByRole('button', { name: /Bob Agent, extension 1002/ });
  await expect(bobEntry).toBeVisible();
  await bobEntry.click();
  await expect(form.getByLabel(/^Call \(search/)).toHaveValue('1002');
  await form.getByRole('button', { name: 'Call', exact: true }).click();
  const placed = page.getByTestId('placed-call');
  await expect(placed).toContainText(/Calling Bob Agent…|Bob Agent is ringing…/);
  const bobIncoming = bobPage.getByTestId('incoming-call');
  await expect(bobIncoming).toBeVisible();
  await expect(placed).toHaveAttribute('data-progress', 'ringing');
  await page.screenshot({ path: testInfo.outputPath('dial-ringing.png'), fullPage: true });
  await bobIncoming.getByRole('button', { name: /Answer/ }).click();
  await expect(placed).toHaveCount(0);
  await expect(page.getByTestId('active-call')).toContainText('On a call');
  await expect(bobPage.getByTestId('active-call')).toContainText('On a call');

  // Audio both ways: each desk receives the other's tone with energy, over loopback.
  const aliceHears = await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  expect([aliceHears.localAddress, aliceHears.remoteAddress]).toEqual(['127.0.0.1', '127.0.0.1']);
  await waitForDeskAudio(bobPage, { minPackets: 50, minEnergy: 0.0001 });

  // Camera on: bob's desk shows alice's video, and his page decodes it.
  const aliceVideo = page.getByTestId('video-panel');
  await aliceVideo.getByRole('button', { name: 'Turn camera on' }).click();
  await expect(aliceVideo.getByRole('button', { name: 'Turn camera off' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(bobPage.getByTestId('remote-video')).toHaveCount(1);
  // alice sees herself: her preview plays the very camera track her call sends.
  await expect.poll(() => selfView(page), { timeout: 10_000 }).toMatchObject({ playing: true, sent: true });
  const [camera] = await shownVideos(bobPage);
  await waitForFrames(bobPage, camera!.mid);
  await expectVideosPlaying(bobPage, 1);
  // Bob has no camera on: alice's desk shows no (black) picture of him.
  await expect(page.getByTestId('remote-video')).toHaveCount(0);
  // Audio keeps flowing with the video.
  await waitForDeskAudio(bobPage, { minPackets: 25, minEnergy: 0.0001 });

  // Screen share: a second video on bob's desk, decoded there; the camera goes on meanwhile.
  await aliceVideo.getByRole('button', { name: 'Share screen' }).click();
  await expect(aliceVideo.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
  await expect(bobPage.getByTestId('remote-video')).toHaveCount(2);
  const screen = (await shownVideos(bobPage)).find((video) => video.mid !== camera!.mid)!;
  await waitForFrames(bobPage, screen.mid);
  await waitForFrames(bobPage, camera!.mid, 10);
  // Both pictures play on bob's desk: the share did not end the camera's.
  await expectVideosPlaying(bobPage, 2);
  await page.screenshot({ path: testInfo.outputPath('dial-video-sharing.png'), fullPage: true });
  await bobPage.screenshot({ path: testInfo.outputPath('dial-video-seen.png'), fullPage: true });

  // Stop sharing: bob's desk drops the share, no more frames decode there; the camera still does.
  await aliceVideo.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(aliceVideo.getByRole('button', { name: 'Share screen' })).toBeVisible();
  await expect(bobPage.getByTestId('remote-video')).toHaveCount(1);
  const stoppedAt = (await readDeskVideo(bobPage)).decoded[screen.mid] ?? 0;
  await waitForFrames(bobPage, camera!.mid, 15);
  expect((await readDeskVideo(bobPage)).decoded[screen.mid] ?? 0).toBe(stoppedAt);
  await expectVideosPlaying(bobPage, 1);

  await page.getByRole('button', { name: /^Hang up/ }).click();
  await expect(page.getByTestId('ended-call')).toContainText('You ended the call with 1002.');
  await expect(bobPage.getByTestId('ended-call')).toBeVisible();
  await expectNoMediaSessions(tandem.media.ngPort);

  // A trunk caller (audio only) reaches alice; bob is not ready, so the queue offers alice.
  await bobPage.getByLabel('Reason for not being ready').selectOption('training');
  await expect(bobPage.getByTestId('agent-state')).toHaveText('Not ready: Training');
  await expect(page.getByTestId('agent-state')).toHaveText('Available', { timeout: 20_000 });
  const trunk = journey.closes(await startTrunkCaller(tandem));
  const caller = await answeredOnDesk(page, trunk);
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });

  // Camera on toward the caller: refused (port 0); the desk says so and the call goes on.
  const callerVideo = page.getByTestId('video-panel');
  await callerVideo.getByRole('button', { name: 'Turn camera on' }).click();
  await expect(callerVideo.getByTestId('video-unavailable')).toHaveText(
    'Video is not available with this party.',
  );
  await expect(callerVideo.getByRole('button', { name: 'Turn camera on' })).toBeDisabled();
  await expect(page.getByTestId('self-view')).toHaveCount(0);
  await expect(page.getByTestId('active-call')).toContainText('On a call');
  await waitForDeskAudio(page, { minPackets: 50, minEnergy: 0.0001 });
  await expect
    .poll(async () => (await caller.hears(AGENT_TONE_HZ)).toneShare, { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  await page.screenshot({ path: testInfo.outputPath('dial-video-unavailable.png'), fullPage: true });
  expect(await caller.hangup()).toBe(200);
  await expect(page.getByTestId('ended-call')).toBeVisible();

  // Call the caller back from History: the desk places the call, and says why it was refused.
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const rows = page.getByTestId('history-row');
  const callerRow = rows.filter({ hasText: CALLER_NUMBER }).first();
  await expect(callerRow).toBeVisible();
  await callerRow.click();
  const detail = page.getByTestId('history-detail');
  await expect(detail.getByRole('heading', { name: `Call with ${CALLER_NUMBER}` })).toBeVisible();
  await detail.getByRole('button', { name: `Call back ${CALLER_NUMBER}` }).click();
  await expect(page.getByTestId('dial-refusal')).toHaveText(
    `Calls to ${CALLER_NUMBER} are not allowed from here.`,
  );
  await expectNoMediaSessions(tandem.media.ngPort);
  for (const log of journey.deskLogs())
    expect(log.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
});
