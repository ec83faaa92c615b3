/**
 * Music on hold as the held caller hears it: the generated file, the controller's promises (once,
 * in order, never toward a browser), and the real thing through rtpengine 10.5, with the caller's
 * RTP peer measuring what arrives while the agent holds, after the agent resumes, and after hang-up.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../shared/logger.js';
import type { MediaSession } from '../sfu/media-session.js';
import { startTestMediaPlane } from '../sfu/testing/media-plane.fixture.js';
import { mediaAddressOf, mulawLevel, RtpPeer, type RtpPacket } from '../sfu/testing/rtp-peer.fixture.js';
import { answerToward, offerToward } from './media-profiles.js';
import {
  encodeWav,
  ensureHoldMusic,
  HOLD_MUSIC_SAMPLE_RATE,
  HoldMusicState,
  MusicOnHold,
  renderHoldMusic,
  type HeldLeg,
  type HoldingLeg,
  holdAnswerForHolder,
  holdOfferForMusic,
  isHoldOffer,
  sdpDirection,
  type HoldMusicSource,
  type SdpDirection,
} from './music-on-hold.js';

const logger = createRootLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < samples.length; index += 1) sum += samples[index]! ** 2;
  return Math.sqrt(sum / samples.length);
}

/** Goertzel: the power of one frequency in a block of samples. */
function power(samples: Int16Array, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / HOLD_MUSIC_SAMPLE_RATE);
  let [previous, beforePrevious] = [0, 0];
  for (const sample of samples)
    [previous, beforePrevious] = [sample + coefficient * previous - beforePrevious, previous];
  return previous ** 2 + beforePrevious ** 2 - coefficient * previous * beforePrevious;
}

describe('the hold music', () => {
  const music = renderHoldMusic();
  const bar = (index: number) =>
    music.subarray(index * 2 * HOLD_MUSIC_SAMPLE_RATE, (index + 1) * 2 * HOLD_MUSIC_SAMPLE_RATE);

  it('is 8 s of soft chords at -6 dBFS peak, never clipped, the same every time', () => {
    expect(music.length).toBe(8 * HOLD_MUSIC_SAMPLE_RATE);
    expect(Math.max(...music.map(Math.abs))).toBeLessThanOrEqual(Math.round(0.5 * 32767));
    expect(rms(music)).toBeGreaterThan(2000);
    expect(renderHoldMusic()).toEqual(music);
  });

  it('changes chord every two seconds: D (only in G major) sounds in the last bar, not the first', () => {
    const d4 = 293.66;
    expect(power(bar(3), d4)).toBeGreaterThan(20 * power(bar(0), d4));
  });

  it('loops without a click: the jump from the last sample to the first is an ordinary step', () => {
    let largestStep = 0;
    for (let index = 1; index < music.length; index += 1) {
      largestStep = Math.max(largestStep, Math.abs(music[index]! - music[index - 1]!));
    }
    expect(Math.abs(music[0]! - music.at(-1)!)).toBeLessThanOrEqual(largestStep);
  });

  it('is written once into the data directory as an 8 kHz 16-bit mono WAV, and repaired if damaged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-moh-'));
    const path = await ensureHoldMusic(dataDir);
    expect(isAbsolute(path)).toBe(true);
    expect(path).toBe(join(dataDir, 'media', 'hold-music.wav'));
    const wav = readFileSync(path);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([
      1, 1, 8000, 16,
    ]);
    expect(wav.readUInt32LE(40)).toBe(music.length * 2);
    expect(wav).toEqual(encodeWav(music, HOLD_MUSIC_SAMPLE_RATE));

    const written = statSync(path).mtimeMs;
    await sleep(20);
    expect(await ensureHoldMusic(dataDir)).toBe(path);
    expect(statSync(path).mtimeMs).toBe(written);
    writeFileSync(path, 'not a wav');
    await ensureHoldMusic(dataDir);
    expect(readFileSync(path)).toEqual(wav);
  });
});

describe('the hold SDP', () => {
  const sdp = (direction: string) =>
    [
      'v=0',
      'o=- 1 2 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 4000 RTP/AVP 0',
      direction,
      '',
    ]
      .filter(Boolean)
      .join('\r\n');

  it('reads the direction (sendrecv when there is none) and tells a hold from a resume', () => {
    expect(sdpDirection(sdp('a=sendonly'))).toBe('sendonly');
    expect(sdpDirection(sdp(''))).toBe('sendrecv');
    expect(sdpDirection(sdp('a=sendonly-ish'))).toBe('sendrecv');
    expect([sdp('a=sendonly'), sdp('a=inactive'), sdp('a=recvonly'), sdp('')].map(isHoldOffer)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('offers an inactive hold to the held leg as sendonly, and answers the holder inactive', () => {
    expect(holdOfferForMusic(sdp('a=inactive'))).toBe(sdp('a=sendonly'));
    expect(holdOfferForMusic(sdp('a=sendonly'))).toBe(sdp('a=sendonly'));
    expect(holdAnswerForHolder(sdp('a=inactive'), sdp('a=recvonly'))).toBe(sdp('a=inactive'));
    expect(holdAnswerForHolder(sdp('a=sendonly'), sdp('a=recvonly'))).toBe(sdp('a=recvonly'));
  });
});

/** Legs that write down what rtpengine would have been asked, in one shared order. */
function fakeLegs(options: { failPlay?: boolean } = {}) {
  const calls: string[] = [];
  const held: HeldLeg & { isClosed: boolean } = {
    tag: 'caller',
    isClosed: false,
    playMedia: async () => {
      calls.push('play');
      if (options.failPlay) throw new Error('file not found');
    },
    stopMedia: async () => void calls.push('stop'),
  };
  const holder: HoldingLeg & { isClosed: boolean } = {
    tag: 'agent',
    isClosed: false,
    blockMedia: async () => void calls.push('block'),
    unblockMedia: async () => void calls.push('unblock'),
  };
  return { calls, held, holder };
}

const SOURCE: HoldMusicSource = { file: '/nonexistent/hold-music.wav' };

describe('music on hold, as the call asks for it', () => {
  it('blocks the agent before the music starts, stops the music before unblocking, once each', async () => {
    const { calls, held, holder } = fakeLegs();
    const moh = new MusicOnHold({ held, holder, heldMedia: 'rtp', source: SOURCE, logger });
    expect(await moh.start()).toBe('playing');
    expect(await moh.start()).toBe('already-playing');
    expect(moh.state).toBe(HoldMusicState.Playing);
    await moh.stop();
    await moh.stop();
    expect(moh.state).toBe(HoldMusicState.Silent);
    expect(calls).toEqual(['block', 'play', 'stop', 'unblock']);
  });

  it('runs a hold and a resume that come back to back in order, and ends silent', async () => {
    const { calls, held, holder } = fakeLegs();
    const moh = new MusicOnHold({ held, holder, heldMedia: 'rtp', source: SOURCE, logger });
    const [started] = await Promise.all([moh.start(), moh.stop(), moh.start(), moh.stop()]);
    expect(started).toBe('playing');
    expect(calls).toEqual(['block', 'play', 'stop', 'unblock', 'block', 'play', 'stop', 'unblock']);
    expect(moh.state).toBe(HoldMusicState.Silent);
  });

  it('plays nothing toward a browser leg (DESIGN.md: play media breaks Chromium)', async () => {
    const { calls, held, holder } = fakeLegs();
    const moh = new MusicOnHold({ held, holder, heldMedia: 'webrtc', source: SOURCE, logger });
    expect(await moh.start()).toBe('refused-webrtc');
    await moh.stop();
    expect(calls).toEqual([]);
  });

  it('lets the agent be heard again when the music cannot start', async () => {
    const { calls, held, holder } = fakeLegs({ failPlay: true });
    const moh = new MusicOnHold({ held, holder, heldMedia: 'rtp', source: SOURCE, logger });
    expect(await moh.start()).toBe('failed');
    expect(moh.state).toBe(HoldMusicState.Silent);
    expect(calls).toEqual(['block', 'play', 'unblock']);
  });

  it('sends nothing once the call has ended', async () => {
    const { calls, held, holder } = fakeLegs();
    const moh = new MusicOnHold({ held, holder, heldMedia: 'rtp', source: SOURCE, logger });
    await moh.start();
    moh.close();
    moh.close();
    await moh.stop();
    expect(await moh.start()).toBe('closed');
    expect(calls).toEqual(['block', 'play']);
  });
});

describe('music on hold through rtpengine 10.5', () => {
  type MediaFixture = Awaited<ReturnType<typeof startTestMediaPlane>>;
  let media: MediaFixture;
  let source: HoldMusicSource;
  const peers: RtpPeer[] = [];
  const sessions: MediaSession[] = [];

  beforeAll(async () => {
    media = await startTestMediaPlane();
    source = { file: await ensureHoldMusic(media.dataDir) };
  });

  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    for (const peer of peers.splice(0)) peer.close();
    await expect.poll(() => media.plane.remoteCalls()).toEqual([{ instance: 'local', calls: [] }]);
  });

  afterAll(async () => {
    await media?.plane.stop();
  });

  /** A trunk caller and an agent bridged with the profiles (and inject-DTMF) a real call uses. */
  async function bridged() {
    const [trunk, phone] = [await RtpPeer.open(), await RtpPeer.open()];
    peers.push(trunk, phone);
    const session = media.plane.createSession();
    sessions.push(session);
    const caller = session.addLeg({ label: 'caller' });
    const agent = session.addLeg({ label: 'agent' });
    const flags = (options: ReturnType<typeof offerToward>) => ({
      ...options,
      flags: [...(options.flags ?? []), 'inject-DTMF'],
    });
    const toAgent = await caller.offer(trunk.sdp(), { to: agent, ...flags(offerToward('rtp')) });
    const toTrunk = await agent.answer(phone.sdp(), { to: caller, ...flags(answerToward('rtp')) });
    /**
     * The agent's re-INVITE relayed as bridged-call.ts should: its offer (made fit for music unless
     * `raw`) to rtpengine and on to the caller, who answers as RFC 3264 6.1 says, and back.
     */
    const reinvite = async (direction: SdpDirection, options: { raw?: boolean } = {}) => {
      const agentSdp = phone.sdp(direction);
      const offered = options.raw ? agentSdp : holdOfferForMusic(agentSdp);
      const toCaller = await agent.offer(offered, { to: caller, ...flags(offerToward('rtp')) });
      const callerSdp = trunk.sdp(ANSWER_TO[sdpDirection(toCaller.sdp)]);
      const answer = await caller.answer(callerSdp, { to: agent, ...flags(answerToward('rtp')) });
      const toAgent = options.raw ? answer.sdp : holdAnswerForHolder(agentSdp, answer.sdp);
      return { toCaller: toCaller.sdp, toAgent };
    };
    const moh = new MusicOnHold({ held: caller, holder: agent, heldMedia: 'rtp', source, logger });
    return {
      session,
      trunk,
      phone,
      reinvite,
      moh,
      trunkSendsTo: mediaAddressOf(toTrunk.sdp),
      phoneSendsTo: mediaAddressOf(toAgent.sdp),
    };
  }

  /** What reaches the caller during `ms`, after `settleMs` for packets already on their way. */
  async function heardByCaller(trunk: RtpPeer, ms: number, settleMs = 100): Promise<RtpPacket[]> {
    await sleep(settleMs);
    const from = trunk.received.length;
    await sleep(ms);
    return trunk.received.slice(from);
  }

  const ANSWER_TO: Record<SdpDirection, SdpDirection> = {
    sendrecv: 'sendrecv',
    sendonly: 'recvonly',
    recvonly: 'sendonly',
    inactive: 'inactive',
  };
  const ssrcs = (packets: readonly RtpPacket[]) => [...new Set(packets.map((packet) => packet.ssrc))];
  const level = (packets: readonly RtpPacket[]) => mulawLevel(packets.map((packet) => packet.payload));

  it('the held caller hears music while the agent sends nothing, until the agent resumes', async () => {
    const call = await bridged();
    const talking = call.trunk.sendTone(call.trunkSendsTo, 120, { toneHz: 440 });
    expect((await call.reinvite('sendonly')).toCaller).toMatch(/^a=sendonly/m);
    expect(await call.moh.start()).toBe('playing');

    const music = await heardByCaller(call.trunk, 1_000);
    expect(music.length).toBeGreaterThanOrEqual(40); // 50 packets a second, 20 ms each
    expect(music.every((packet) => packet.payloadType === 0)).toBe(true);
    expect(ssrcs(music)).toHaveLength(1);
    expect(level(music)).toBeGreaterThan(1_000);

    await call.reinvite('sendrecv');
    await call.moh.stop();
    expect(await heardByCaller(call.trunk, 500)).toEqual([]);
    await talking;
  });

  it("keeps the agent's own packets out of the music, and lets them through again on resume", async () => {
    const call = await bridged();
    // The agent's phone goes on sending while it holds, as SIP.js does (silence, on a sendonly hold).
    const talking = Promise.all([
      call.trunk.sendTone(call.trunkSendsTo, 200, { toneHz: 440 }),
      call.phone.sendTone(call.phoneSendsTo, 200, { toneHz: 1000 }),
    ]);
    const before = await heardByCaller(call.trunk, 400, 200);
    const [agentSsrc] = ssrcs(before);
    expect(ssrcs(before)).toHaveLength(1);

    await call.reinvite('sendonly');
    expect(await call.moh.start()).toBe('playing');
    const music = await heardByCaller(call.trunk, 1_000);
    expect(ssrcs(music)).toHaveLength(1);
    expect(ssrcs(music)).not.toContain(agentSsrc);
    expect(music.length).toBeGreaterThanOrEqual(40);

    await call.reinvite('sendrecv');
    await call.moh.stop();
    const after = await heardByCaller(call.trunk, 600);
    expect(ssrcs(after)).toEqual([agentSsrc]);
    expect(after.length).toBeGreaterThanOrEqual(20);
    await talking;
  });

  it('cannot play toward a caller that answered a=inactive: the agent is heard again, nothing plays', async () => {
    const call = await bridged();
    const { toCaller, toAgent } = await call.reinvite('inactive', { raw: true });
    expect(sdpDirection(toCaller)).toBe('inactive');
    expect(sdpDirection(toAgent)).toBe('inactive');
    expect(await call.moh.start()).toBe('failed');
    expect(call.moh.state).toBe(HoldMusicState.Silent);
    expect(await heardByCaller(call.trunk, 400)).toEqual([]);
  });

  it('plays for an a=inactive hold offered to the caller as sendonly, the agent still answered inactive', async () => {
    const call = await bridged();
    const { toCaller, toAgent } = await call.reinvite('inactive');
    expect(sdpDirection(toCaller)).toBe('sendonly');
    expect(sdpDirection(toAgent)).toBe('inactive');
    expect(await call.moh.start()).toBe('playing');
    const music = await heardByCaller(call.trunk, 600);
    expect(music.length).toBeGreaterThanOrEqual(20);
    expect(level(music)).toBeGreaterThan(1_000);
    await call.reinvite('sendrecv');
    await call.moh.stop();
  });

  it('goes on through a re-INVITE during the hold, and stops with the call', async () => {
    const call = await bridged();
    await call.reinvite('sendonly');
    await call.moh.start();
    await call.reinvite('sendonly'); // a session refresh, say
    expect((await heardByCaller(call.trunk, 500)).length).toBeGreaterThanOrEqual(20);

    await call.session.close();
    call.moh.close();
    await call.moh.stop();
    expect(await heardByCaller(call.trunk, 400)).toEqual([]);
  });
});
