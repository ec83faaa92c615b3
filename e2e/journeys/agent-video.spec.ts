/**
 * Two agents see each other: alice (1001) calls bob (1002) with camera and microphone, both SIP.js 0.21 in
 * headless Chromium over WSS, media through Tandem's rtpengine (DTLS-SRTP, ICE). Bob answers with video;
 * - each decodes the other's camera (framesDecoded grows, VP8 passed through) and hears the other's tone;
 * - alice shares her screen mid-call (getDisplayMedia on a new video m-line, re-INVITE): bob's page decodes
 *   a second video stream;
 * - alice stops sharing (that m-line goes to port 0, re-INVITE): bob decodes nothing more on it, while the
 *   camera and the audio keep flowing;
 * - alice hangs up; rtpengine holds no session afterwards.
 */
import type { Browser } from '@playwright/test';
import { expect, test, type BrowserAgentFixtures } from '../support/browser-agent/agent-fixtures.node.js';
import { answerWithVideo, callVideo, placeVideoCall } from '../support/browser-agent/browser-video.node.js';
import { expectNoMediaSessions, withNgClient } from '../support/media-sessions.js';
import type { TandemServer } from '../support/tandem-server.js';

/** The m-lines of an SDP body, e.g. `m=video 0 UDP/TLS/RTP/SAVPF 96` for a refused one. */
const mLines = (sdp: string | null) => (sdp ?? '').split(/\r?\n/).filter((line) => line.startsWith('m='));

/** The video streams rtpengine counts packets on for each side of the only call it holds. */
async function videoPacketsPerSide(tandem: TandemServer): Promise<number[][]> {
  return withNgClient(tandem.media.ngPort, async (ng) => {
    const [callId] = await ng.list();
    if (!callId) return [];
    const info = await ng.query({ callId });
    return info.tags.map((tag) =>
      tag.medias
        .filter((media) => media.type === 'video')
        .map((media) => media.streams.reduce((sum, stream) => sum + stream.packets, 0)),
    );
  });
}

async function videoCall({
  openAgent,
  browser,
  tandem,
}: {
  openAgent: BrowserAgentFixtures['openAgent'];
  browser: Browser;
  tandem: TandemServer;
}) {
  const alice = await openAgent({ tandem, username: 'alice', transport: 'wss' });
  const bobContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const bob = await openAgent({ tandem, username: 'bob', transport: 'wss' }, bobContext);
  await alice.registered();
  await bob.registered();
  const aliceCall = await placeVideoCall(alice, '1002');
  const bobCall = await bob.nextIncomingCall();
  await answerWithVideo(bob, bobCall);
  await aliceCall.established();
  return { alice, bob, aliceCall, bobCall, bobContext };
}

test('two agents see and hear each other; a screen share starts and stops mid-call', async ({
  openAgent,
  browser,
  tandem,
}) => {
  test.setTimeout(90_000);
  const { alice, bob, aliceCall, bobCall, bobContext } = await videoCall({ openAgent, browser, tandem });
  try {
    const aliceVideo = callVideo(alice, aliceCall);
    const bobVideo = callVideo(bob, bobCall);

    // Camera both ways: one inbound video each, VP8 from the fake camera, decoded and growing.
    const inboundMids = async (video: typeof aliceVideo) => (await video.stats()).inbound.map((s) => s.mid);
    await expect.poll(() => inboundMids(bobVideo)).toHaveLength(1);
    await expect.poll(() => inboundMids(aliceVideo)).toHaveLength(1);
    const [cameraMid] = await inboundMids(bobVideo);
    const [aliceCameraMid] = await inboundMids(aliceVideo);
    const bobSeesCamera = await bobVideo.waitForFrames(cameraMid!, { minFrames: 15 });
    const aliceSeesCamera = await aliceVideo.waitForFrames(aliceCameraMid!, { minFrames: 15 });
    expect(bobSeesCamera.stream?.codec).toBe('video/VP8');
    expect(aliceSeesCamera.stream?.codec).toBe('video/VP8');
    expect(bobSeesCamera.stream?.frameWidth).toBeGreaterThan(0);
    // And the tone both ways, through the same rtpengine session.
    const bobHears = await bobCall.waitForAudio();
    await aliceCall.waitForAudio();
    expect(bobHears.stats.selectedPair).toMatchObject({
      localAddress: '127.0.0.1',
      remoteAddress: '127.0.0.1',
    });
    expect(mLines((await bobCall.descriptions()).remote)).toEqual([
      expect.stringMatching(/^m=audio [1-9]\d* UDP\/TLS\/RTP\/SAVPF /),
      expect.stringMatching(/^m=video [1-9]\d* UDP\/TLS\/RTP\/SAVPF /),
    ]);

    // Alice shares her screen: bob gets a second m-line, and a second video stream that decodes.
    const share = await aliceVideo.startScreenShare();
    expect(share.source).toBe('display');
    await expect
      .poll(async () => (await bobVideo.stats()).inbound.map((stream) => stream.mid))
      .toHaveLength(2);
    const screenMid = (await bobVideo.stats()).inbound.find((stream) => stream.mid !== cameraMid)!.mid;
    const bobSeesScreen = await bobVideo.waitForFrames(screenMid, { minFrames: 15 });
    expect(bobSeesScreen.stream?.codec).toMatch(/^video\//);
    const shared = mLines((await bobCall.descriptions()).remote);
    expect(shared).toHaveLength(3);
    expect(shared[2]).toMatch(/^m=video [1-9]\d* /);
    // rtpengine carried the share: a second video stream on alice's side with packets on it.
    const sharing = await videoPacketsPerSide(tandem);
    expect(
      sharing.some((side) => side.length === 2 && side[1]! > 0),
      JSON.stringify(sharing),
    ).toBe(true);
    // The camera kept going meanwhile.
    await bobVideo.waitForFrames(cameraMid!, { minFrames: 10 });

    // Alice stops: the share's m-line is refused (port 0) on bob's side, and nothing more decodes there.
    await aliceVideo.stopScreenShare();
    await bobVideo.waitForStopped(screenMid);
    const stopped = mLines((await bobCall.descriptions()).remote);
    expect(stopped).toHaveLength(3);
    expect(stopped[2]).toMatch(/^m=video 0 /);
    // Camera and audio flow on, both ways.
    await bobVideo.waitForFrames(cameraMid!, { minFrames: 15 });
    await aliceVideo.waitForFrames(aliceCameraMid!, { minFrames: 15 });
    await bobCall.waitForAudio();
    await aliceCall.waitForAudio();

    expect(await aliceCall.hangup()).toEqual({ by: 'local', cause: 'bye' });
    expect(await bobCall.ended()).toEqual({ by: 'remote', cause: 'bye' });
    await expectNoMediaSessions(tandem.media.ngPort);
  } finally {
    await bobContext.close();
  }
});
