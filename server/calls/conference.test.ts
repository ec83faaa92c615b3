/**
 * A three-way conference on our mixer, with real peers (calls-harness.fixture.ts): a trunk caller and alice
 * are moved onto the mixer by re-INVITEs from their own sides of the call's rtpengine session, bob is called in, and each of the
 * three, sending a tone of its own, hears the other two and not itself (Goertzel on the decoded audio each
 * RTP peer receives). A recorded call keeps caller and agent apart in its WAV through the conference; a
 * caller who refuses the move ends the call instead of leaving it half-connected.
 */
import { describe, expect, it } from 'vitest';
import { readWav, toneLevel } from '../sfu/recording/testing/audio-check.fixture.js';
import { decodeG711, PCMU } from '../sfu/mixer/g711.js';
import { toneAmplitude } from '../sfu/mixer/testing/tone-peer.fixture.js';
import { mediaAddressOf, type RtpPeer } from '../sfu/testing/rtp-peer.fixture.js';
import { useCallsHarness } from './testing/calls-harness.fixture.js';

const h = useCallsHarness();

/** The audio a peer received from packet `from` on, decoded. */
function heard(peer: RtpPeer, from: number): Int16Array {
  const payloads = peer.received.slice(from).filter((packet) => packet.payloadType === PCMU);
  const samples = new Int16Array(payloads.reduce((sum, packet) => sum + packet.payload.length, 0));
  let offset = 0;
  for (const packet of payloads) {
    decodeG711(packet.payload, PCMU, samples.subarray(offset, offset + packet.payload.length));
    offset += packet.payload.length;
  }
  return samples;
}

/**
 * A trunk call answered by alice, each party with an RTP peer; every party's phone accepts the re-INVITE
 * (or, for bob, the INVITE) that moves it onto the mixer and keeps the offer, to send its tone there.
 */
async function callAnsweredByAlice(number?: string) {
  const [callerPeer, alicePeer, bobPeer] = await Promise.all([h.rtpPeer(), h.rtpPeer(), h.rtpPeer()]);
  const offers: Record<'caller' | 'alice' | 'bob', string> = { caller: '', alice: '', bob: '' };
  h.phones.alice.answer = (invite) => {
    invite.accept({ body: alicePeer.sdp() }).delegate.onReinvite = (reinvite) => {
      offers.alice = reinvite.request.bodyText;
      reinvite.accept({ body: alicePeer.sdp() });
    };
  };
  h.phones.bob.answer = (invite) => {
    offers.bob = invite.request.bodyText;
    invite.accept({ body: bobPeer.sdp() });
  };
  const outcome = await h.call(h.trunk, callerPeer.sdp(), number).outcome;
  if (outcome.kind !== 'answered') throw new Error('not answered');
  outcome.dialog.delegate.onReinvite = (reinvite) => {
    offers.caller = reinvite.request.bodyText;
    reinvite.accept({ body: callerPeer.sdp() });
  };
  return { callerPeer, alicePeer, bobPeer, offers, outcome, call: h.calls.active[0]! };
}

/** Each peer sends its tone to where its latest offer points: caller 400 Hz, alice 1 kHz, bob 2.5 kHz. */
async function allSendTones(
  peers: { callerPeer: RtpPeer; alicePeer: RtpPeer; bobPeer: RtpPeer },
  offers: Record<'caller' | 'alice' | 'bob', string>,
  packets = 50,
): Promise<void> {
  await Promise.all([
    peers.callerPeer.sendTone(mediaAddressOf(offers.caller), packets, { toneHz: 400, ssrc: 1 }),
    peers.alicePeer.sendTone(mediaAddressOf(offers.alice), packets, { toneHz: 1000, ssrc: 2 }),
    peers.bobPeer.sendTone(mediaAddressOf(offers.bob), packets, { toneHz: 2500, ssrc: 3 }),
  ]);
}

describe('adding a third party to an answered call', () => {
  it('lets each of the three hear the other two, not itself', async () => {
    h.register('alice');
    const peers = await callAnsweredByAlice();
    const { callerPeer, alicePeer, bobPeer, offers, outcome, call } = peers;
    h.register('bob'); // after the caller reached alice: routing would otherwise offer the caller to either

    expect(await call.addThirdParty('1002')).toBe(200);
    // Each phone's re-INVITE is the mixer's offer (rtpengine gives a plain-RTP side new ports for it).
    expect(offers.caller).toContain('s=Tandem mixer');
    expect(offers.alice).toContain('s=Tandem mixer');

    const marks = [callerPeer, alicePeer, bobPeer].map((peer) => peer.received.length);
    await allSendTones(peers, offers);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const levels = [callerPeer, alicePeer, bobPeer].map((peer, index) => {
      const audio = heard(peer, marks[index]!);
      return [400, 1000, 2500].map((hz) => Math.round(toneAmplitude(audio, hz)));
    });
    const [caller, alice, bob] = levels as [number[], number[], number[]];
    const loud = 500;
    const quiet = 200;
    expect(caller[0], JSON.stringify(levels)).toBeLessThan(quiet);
    expect(caller[1]).toBeGreaterThan(loud);
    expect(caller[2]).toBeGreaterThan(loud);
    expect(alice[0]).toBeGreaterThan(loud);
    expect(alice[1]).toBeLessThan(quiet);
    expect(alice[2]).toBeGreaterThan(loud);
    expect(bob[0]).toBeGreaterThan(loud);
    expect(bob[1]).toBeGreaterThan(loud);
    expect(bob[2]).toBeLessThan(quiet);

    await outcome.dialog.bye();
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
    expect(h.lastRecord().events).toContain('conference');
    const joined = h.store.calls
      .events(h.lastRecord().record.id)
      .find((event) => event.kind === 'conference');
    expect(joined?.data['agentId']).toBe(h.store.agents.findByUsername('demo', 'bob')!.id);
  });
});

describe('a conference on a recorded call (queue sales)', () => {
  it('keeps the caller left and the agent right in the WAV, without the mixer audio', async () => {
    h.register('alice');
    const peers = await callAnsweredByAlice('+15550199');
    h.register('bob');
    await expect.poll(() => h.lastRecord().events).toContain('recording-started');
    expect(await peers.call.addThirdParty('1002')).toBe(200);
    // Give the recording the mixer sides' ports (queried after the move) before media flows.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await allSendTones(peers, peers.offers, 100);
    await peers.outcome.dialog.bye();
    await expect.poll(() => h.lastRecord().record.recordingRef, { timeout: 5_000 }).toMatch(/\.wav$/);

    const wav = readWav(h.lastRecord().record.recordingRef!);
    const durationMs = (wav.samples[0]!.length / wav.sampleRate) * 1000;
    const levels = wav.samples.map((channel) =>
      [400, 1000, 2500].map((hz) => Math.round(toneLevel(channel, hz, 0, durationMs))),
    );
    const [caller, agent] = levels as [number[], number[]];
    // Each channel holds its own party only: bob is heard through the mixer alone, so he is in neither.
    expect(caller[0], JSON.stringify(levels)).toBeGreaterThan(500);
    expect(agent[1]).toBeGreaterThan(500);
    expect(caller[1]).toBeLessThan(caller[0]! / 10);
    expect(agent[0]).toBeLessThan(agent[1]! / 10);
    expect(Math.max(caller[2]!, agent[2]!)).toBeLessThan(Math.min(caller[0]!, agent[1]!) / 10);
  });
});

describe('a party that refuses to be moved onto the mixer', () => {
  it('ends the call for everyone rather than leaving it half-connected', async () => {
    h.register('alice');
    const { outcome, call } = await callAnsweredByAlice();
    h.register('bob');
    let bobCalled = false;
    h.phones.bob.answer = (invite) => {
      bobCalled = true;
      invite.reject(480);
    };
    outcome.dialog.delegate.onReinvite = (reinvite) => reinvite.reject(488);
    const callerEnded = new Promise((resolve) => (outcome.dialog.delegate.onTerminated = resolve));

    expect(await call.addThirdParty('1002')).toBe(500);
    await callerEnded;
    expect(bobCalled).toBe(false);
    await expect
      .poll(() => h.media.plane.remoteCalls().then((all) => all.flatMap((i) => i.calls)))
      .toEqual([]);
    expect(h.lastRecord().record.endReason).toBe('media-lost');
    expect(h.lastRecord().events).toContain('conference-failed');
  });
});

describe('a supervisor joining an answered call', () => {
  it('listens unheard, then whispers to the agent only', async () => {
    h.register('alice');
    const { callerPeer, alicePeer, bobPeer, offers, outcome, call } = await callAnsweredByAlice();
    h.register('bob'); // bob's phone plays the supervisor's here (the API checks the role)
    expect(await call.addThirdParty('1002', 'listen')).toBe(200);

    const round = async () => {
      const marks = [callerPeer, alicePeer, bobPeer].map((peer) => peer.received.length);
      await Promise.all([
        callerPeer.sendTone(mediaAddressOf(offers.caller), 40, { toneHz: 400 }),
        alicePeer.sendTone(mediaAddressOf(offers.alice), 40, { toneHz: 1000 }),
        bobPeer.sendTone(mediaAddressOf(offers.bob), 40, { toneHz: 2500 }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return [callerPeer, alicePeer, bobPeer].map((peer, index) => {
        const audio = heard(peer, marks[index]!);
        return [400, 1000, 2500].map((hz) => Math.round(toneAmplitude(audio, hz)));
      }) as [number[], number[], number[]];
    };

    const listening = await round();
    expect(listening[2]![0], JSON.stringify(listening)).toBeGreaterThan(500); // the supervisor hears the caller
    expect(listening[2]![1]).toBeGreaterThan(500); // and the agent
    expect(listening[0]![2]).toBeLessThan(200); // nobody hears the supervisor
    expect(listening[1]![2]).toBeLessThan(200);
    expect(listening[0]![1]).toBeGreaterThan(500); // caller and agent still hear each other

    expect(call.setJoinMode('whisper')).toBe(true);
    const whispering = await round();
    expect(whispering[1]![2], JSON.stringify(whispering)).toBeGreaterThan(500); // the agent hears the coach
    expect(whispering[0]![2]).toBeLessThan(200); // the caller does not

    await outcome.dialog.bye();
    expect(h.lastRecord().events).toEqual(expect.arrayContaining(['monitored', 'monitor-mode']));
  });
});
