/**
 * The IVR endpoint with a real rtpengine 10.5 between it and a caller (an RTP peer on loopback),
 * as a trunk call in the IVR will be: the caller hears spoken prompts (energy, not just packets)
 * in one unbroken stream, and each key the caller presses (RFC 4733, through rtpengine) is
 * reported once; a key cuts a barge-in prompt short and the caller hears silence after it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import type { MediaSession } from '../media-session.js';
import type { NgSdpOptions } from '../ng/ng-types.js';
import { startTestMediaPlane } from '../testing/media-plane.fixture.js';
import { mediaAddressOf, mulawLevel, RtpPeer, type RtpPacket } from '../testing/rtp-peer.fixture.js';
import { IvrEndpoint } from './ivr-endpoint.js';
import type { PlaybackEnd } from './ivr-endpoint-types.js';
import { PromptMaker } from './prompts/prompt-audio.js';

const logger = createRootLogger({ level: 'silent' });

/** A plain RTP leg (a SIP trunk, or our endpoint): what the calls layer's `rtp` profile asks for. */
const PLAIN_RTP: NgSdpOptions = {
  transportProtocol: 'RTP/AVP',
  ice: 'remove',
  rtcpMux: ['demux'],
  flags: ['trust-address'],
  replace: ['origin', 'session-connection'],
};

type MediaFixture = Awaited<ReturnType<typeof startTestMediaPlane>>;
let media: MediaFixture;
let prompts: PromptMaker;
let menu: Uint8Array[];
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  media = await startTestMediaPlane();
  prompts = new PromptMaker({ dataDir: media.dataDir, logger });
  menu = await Promise.all(
    ['For sales, press 1.', 'For support, press 2.'].map(
      async (text) => (await prompts.load({ text, voice: 'en-us' })).audio,
    ),
  );
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await expect.poll(() => media.plane.remoteCalls()).toEqual([{ instance: 'local', calls: [] }]);
});

afterAll(async () => {
  await media?.plane.stop();
});

/** A caller whose leg rtpengine bridges to an IVR endpoint. */
async function callerInIvr() {
  const peer = await RtpPeer.open();
  const ivr = await IvrEndpoint.open({ logger, id: 'ivr-test' });
  const session: MediaSession = media.plane.createSession();
  cleanups.push(
    () => peer.close(),
    () => ivr.close(),
    () => session.close(),
  );
  const callerLeg = session.addLeg({ label: 'caller' });
  const ivrLeg = session.addLeg({ label: 'ivr' });
  const towardIvr = await callerLeg.offer(peer.sdp(), { to: ivrLeg, ...PLAIN_RTP });
  ivr.setRemote(mediaAddressOf(towardIvr.sdp));
  const towardCaller = await ivrLeg.answer(ivr.sdp(), { to: callerLeg, ...PLAIN_RTP });
  expect(towardCaller.sdp).toMatch(/^a=rtpmap:101 telephone-event\/8000/m);
  const keys: string[] = [];
  const finished: { playback: number; how: PlaybackEnd }[] = [];
  ivr.on('dtmf', (key) => keys.push(key));
  ivr.on('playbackFinished', (playback, how) => finished.push({ playback, how }));
  return { peer, ivr, keys, finished, callerSendsTo: mediaAddressOf(towardCaller.sdp) };
}

function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`not within ${timeoutMs} ms`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

function audio(packets: readonly RtpPacket[]): RtpPacket[] {
  return packets.filter((packet) => packet.payloadType === 0);
}

describe('the IVR endpoint behind rtpengine', () => {
  it('plays two prompts to the caller as one unbroken stream of speech', async () => {
    const { peer, ivr, finished, callerSendsTo } = await callerInIvr();
    const talking = peer.sendTone(callerSendsTo, 10, { toneHz: 300 });
    const expectedFrames = Math.ceil((menu[0]!.length + menu[1]!.length) / 160);
    const playback = ivr.play(menu, { bargeIn: true });
    await waitFor(() => finished.length > 0, 8_000);
    await talking;
    expect(finished).toEqual([{ playback, how: 'completed' }]);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const heard = audio(peer.received);
    expect(heard.length).toBeGreaterThanOrEqual(expectedFrames);
    // Speech, not silence: the prompt's level as the caller hears it.
    const level = mulawLevel(heard.slice(0, expectedFrames).map((packet) => packet.payload));
    expect(level).toBeGreaterThan(1000);
    // One stream across both clips and the silence after them: one SSRC, no gap in numbering or time.
    expect(new Set(heard.map((packet) => packet.ssrc)).size).toBe(1);
    for (let index = 1; index < heard.length; index += 1) {
      expect((heard[index]!.sequence - heard[index - 1]!.sequence) & 0xffff).toBe(1);
      expect((heard[index]!.timestamp - heard[index - 1]!.timestamp) >>> 0).toBe(160);
    }
    // After the prompts, silence.
    const after = heard.slice(expectedFrames + 2);
    expect(after.length).toBeGreaterThan(3);
    expect(mulawLevel(after.map((packet) => packet.payload))).toBeLessThan(50);
    expect(ivr.stats.audioIn).toBeGreaterThan(5);
  });

  it('reports each key once, and a key cuts a barge-in prompt short', async () => {
    const { peer, ivr, keys, finished, callerSendsTo } = await callerInIvr();
    await peer.sendTone(callerSendsTo, 5);
    const playback = ivr.play(menu, { bargeIn: true });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await peer.sendKey(callerSendsTo, '2', { durationMs: 120 });
    await waitFor(() => keys.length === 1, 2_000);
    expect(finished).toEqual([{ playback, how: 'interrupted' }]);

    await peer.sendTone(callerSendsTo, 5);
    await peer.sendKey(callerSendsTo, '5');
    await peer.sendKey(callerSendsTo, '#', { durationMs: 60 });
    await peer.sendTone(callerSendsTo, 20);
    expect(keys).toEqual(['2', '5', '#']);
    // Each key's three end packets reached the endpoint; one report each all the same.
    expect(ivr.stats.telephoneEventsIn).toBeGreaterThanOrEqual(3 * 3 + 3 + 3 + 2);
    expect(ivr.stats.keys).toBe(3);

    // The caller heard speech before the key and silence from shortly after it.
    const heard = audio(peer.received);
    const beforeKey = heard.slice(5, 25);
    expect(mulawLevel(beforeKey.map((packet) => packet.payload))).toBeGreaterThan(1000);
    const afterKey = heard.slice(-15);
    expect(mulawLevel(afterKey.map((packet) => packet.payload))).toBeLessThan(50);
  });
});
