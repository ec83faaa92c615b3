/**
 * The mixer as the calls layer will use it, over real UDP on loopback: each party is an RTP peer
 * that speaks its own tone, and what each one hears is measured at the tones' frequencies.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { InvalidStateError } from '../../shared/errors.js';
import { ConferenceMixer } from './conference-mixer.js';
import type { ConferenceMixerOptions } from './conference-mixer-options.js';
import type { MixerParticipantOptions } from './conference-mixer-types.js';
import { PCMA } from './g711.js';
import type { MixerParticipant } from './mixer-participant.js';
import { sleep, TonePeer, toneAmplitude, type PacketFate } from './testing/tone-peer.fixture.js';
import { UdpPortPool } from './udp-port-pool.js';
import { findFreeRange } from './testing/free-port-range.fixture.js';

const logger = createRootLogger({ level: 'silent' });
const TONES = [400, 1000, 2500] as const;
/** Tones are sent at amplitude 6000: heard ones measure close to it, absent ones close to 0. */
const HEARD = 3000;
const ABSENT = 300;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Party {
  participant: MixerParticipant;
  peer: TonePeer;
}

async function startMixer(options: Partial<ConferenceMixerOptions> = {}): Promise<ConferenceMixer> {
  const mixer = new ConferenceMixer({ logger, ...options });
  cleanups.push(() => mixer.close());
  return mixer;
}

async function join(mixer: ConferenceMixer, options: MixerParticipantOptions): Promise<Party> {
  const peer = await TonePeer.open();
  cleanups.push(() => peer.close());
  const participant = await mixer.addParticipant(options);
  return { participant, peer };
}

function speak(party: Party, hz: number, fate?: (frame: number) => PacketFate): void {
  const payloadType = party.participant.payloadType;
  party.peer.startTone({ address: '127.0.0.1', port: party.participant.port }, { hz, payloadType, fate });
}

function levels(audio: Int16Array): Record<number, number> {
  return Object.fromEntries(TONES.map((hz) => [hz, Math.round(toneAmplitude(audio, hz))]));
}

/** Asserts which tones `audio` holds, with every level in the message when it fails. */
function expectTones(audio: Int16Array, who: string, heard: readonly number[], absent: readonly number[]) {
  expect(audio.length, `${who} received audio`).toBeGreaterThan(8000 * 0.3);
  const measured = levels(audio);
  for (const hz of heard)
    expect(measured[hz], `${who} hears ${hz} Hz in ${JSON.stringify(measured)}`).toBeGreaterThan(HEARD);
  for (const hz of absent)
    expect(measured[hz], `${who} does not hear ${hz} Hz in ${JSON.stringify(measured)}`).toBeLessThan(ABSENT);
}

describe('conference mixer over UDP', () => {
  it('lets each of three parties hear the other two and never themselves, in their own codec', async () => {
    const mixer = await startMixer();
    const caller = await join(mixer, { id: 'caller', payloadType: PCMA });
    const agent = await join(mixer, { id: 'agent' });
    const expert = await join(mixer, { id: 'expert' });
    const started = performance.now();
    speak(caller, 400);
    speak(agent, 1000);
    speak(expert, 2500);
    await sleep(1000);

    expectTones(caller.peer.audioBetween(started + 300, started + 1000), 'caller', [1000, 2500], [400]);
    expectTones(agent.peer.audioBetween(started + 300, started + 1000), 'agent', [400, 2500], [1000]);
    expectTones(expert.peer.audioBetween(started + 300, started + 1000), 'expert', [400, 1000], [2500]);

    for (const { peer, participant } of [caller, agent, expert]) {
      const packets = peer.received;
      expect(new Set(packets.map((packet) => packet.ssrc)).size).toBe(1);
      expect(new Set(packets.map((packet) => packet.payloadType))).toEqual(
        new Set([participant.payloadType]),
      );
      for (let index = 1; index < packets.length; index += 1) {
        expect((packets[index]!.sequence - packets[index - 1]!.sequence) & 0xffff).toBe(1);
        expect((packets[index]!.timestamp - packets[index - 1]!.timestamp) >>> 0).toBe(160);
      }
    }
    const ssrcs = [caller, agent, expert].map(({ peer }) => peer.received[0]?.ssrc);
    expect(new Set(ssrcs).size).toBe(3);
  });

  it('lets a coaching supervisor be heard by the agent alone (whisper)', async () => {
    const mixer = await startMixer();
    const caller = await join(mixer, { id: 'caller' });
    const agent = await join(mixer, { id: 'agent' });
    const coach = await join(mixer, { id: 'coach', role: 'whisper', whisperTo: 'agent' });
    const started = performance.now();
    speak(caller, 400);
    speak(agent, 1000);
    speak(coach, 2500);
    await sleep(1000);

    expectTones(agent.peer.audioBetween(started + 300, started + 1000), 'agent', [400, 2500], [1000]);
    expectTones(caller.peer.audioBetween(started + 300, started + 1000), 'caller', [1000], [400, 2500]);
    expectTones(coach.peer.audioBetween(started + 300, started + 1000), 'coach', [400, 1000], [2500]);
  });

  it('lets a supervisor listen unheard, then barge in without renegotiating', async () => {
    const mixer = await startMixer();
    const caller = await join(mixer, { id: 'caller' });
    const agent = await join(mixer, { id: 'agent' });
    const supervisor = await join(mixer, { id: 'supervisor', role: 'listen' });
    const started = performance.now();
    speak(caller, 400);
    speak(agent, 1000);
    speak(supervisor, 2500);
    await sleep(800);
    const monitored = started + 800;
    supervisor.participant.setRole('barge');
    await sleep(700);

    expectTones(supervisor.peer.audioBetween(started + 300, monitored), 'supervisor', [400, 1000], [2500]);
    expectTones(
      caller.peer.audioBetween(started + 300, monitored),
      'caller while monitored',
      [1000],
      [400, 2500],
    );
    expectTones(
      agent.peer.audioBetween(started + 300, monitored),
      'agent while monitored',
      [400],
      [1000, 2500],
    );
    const barged = monitored + 200;
    expectTones(caller.peer.audioBetween(barged, started + 1500), 'caller after barge', [1000, 2500], [400]);
    expectTones(agent.peer.audioBetween(barged, started + 1500), 'agent after barge', [400, 2500], [1000]);
  });

  it('keeps mixing through loss, reordering, duplicates, junk and strangers', async () => {
    const mixer = await startMixer();
    const caller = await join(mixer, { id: 'caller' });
    const agent = await join(mixer, { id: 'agent' });
    const expert = await join(mixer, { id: 'expert' });
    const started = performance.now();
    speak(caller, 400, (frame) => (frame % 9 === 4 ? 'lose' : frame % 7 === 3 ? 'late' : 'send'));
    speak(agent, 1000, (frame) => (frame % 5 === 2 ? 'twice' : frame % 13 === 6 ? 'lose' : 'send'));
    speak(expert, 2500, (frame) => (frame % 4 === 1 ? 'late' : 'send'));
    const stranger = await TonePeer.open();
    cleanups.push(() => stranger.close());
    const agentPort = { address: '127.0.0.1', port: agent.participant.port };
    await sleep(100);
    stranger.startTone(agentPort, { hz: 2500 }); // same port, wrong source: never mixed
    stranger.sendRaw(Buffer.from('not RTP at all'), agentPort);
    stranger.sendRaw(Buffer.from([0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), agentPort); // RTCP SR
    await sleep(1100);

    expectTones(caller.peer.audioBetween(started + 300, started + 1200), 'caller', [1000, 2500], [400]);
    expectTones(expert.peer.audioBetween(started + 300, started + 1200), 'expert', [400, 1000], [2500]);
    expectTones(agent.peer.audioBetween(started + 300, started + 1200), 'agent', [400], [1000]);

    // The mix kept coming every 20 ms: about 60 packets in 1.2 s, numbered without gaps.
    const received = agent.peer.received;
    expect(received.length).toBeGreaterThan(45);
    expect((received.at(-1)!.sequence - received[0]!.sequence) & 0xffff).toBe(received.length - 1);
    expect(caller.participant.stats.lost).toBeGreaterThan(0);
    expect(agent.participant.stats.duplicates).toBeGreaterThan(0);
    expect(agent.participant.stats.dropped).toBeGreaterThan(10);
    expect(expert.participant.stats.late + expert.participant.stats.lost).toBe(0); // held back one frame: in time
  });

  it('follows a new stream when a party restarts with another SSRC and sequence', async () => {
    const mixer = await startMixer();
    const caller = await join(mixer, { id: 'caller' });
    const agent = await join(mixer, { id: 'agent' });
    speak(agent, 1000);
    caller.peer.startTone({ address: '127.0.0.1', port: caller.participant.port }, { hz: 400, ssrc: 1 });
    await sleep(400);
    const restarted = performance.now();
    caller.peer.startTone(
      { address: '127.0.0.1', port: caller.participant.port },
      { hz: 2500, ssrc: 2, firstSequence: 50_000 },
    );
    await sleep(700);
    expectTones(agent.peer.audioBetween(restarted + 200, restarted + 700), 'agent', [2500], [400, 1000]);
  });

  it('takes a party that leaves out of the mix and stops sending to it', async () => {
    const mixer = await startMixer();
    const left: string[] = [];
    mixer.on('participantLeft', (id) => left.push(id));
    const caller = await join(mixer, { id: 'caller' });
    const agent = await join(mixer, { id: 'agent' });
    const expert = await join(mixer, { id: 'expert' });
    const started = performance.now();
    speak(caller, 400);
    speak(agent, 1000);
    speak(expert, 2500);
    await sleep(700);
    await mixer.removeParticipant('expert');
    const gone = performance.now();
    const expertPackets = expert.peer.received.length;
    await sleep(700);

    expectTones(caller.peer.audioBetween(started + 300, gone), 'caller before', [1000, 2500], [400]);
    expectTones(caller.peer.audioBetween(gone + 150, gone + 700), 'caller after', [1000], [400, 2500]);
    expect(expert.peer.received.length).toBeLessThanOrEqual(expertPackets + 1);
    expect(left).toEqual(['expert']);
    expect(mixer.participants.map((participant) => participant.id)).toEqual(['caller', 'agent']);
    await expect(expert.participant.close()).resolves.toBeUndefined(); // twice is fine
  });

  it('releases every port on close, once, however often it is called', async () => {
    const mixer = await startMixer();
    const parties = [await join(mixer, { id: 'a' }), await join(mixer, { id: 'b' })];
    speak(parties[0]!, 400);
    speak(parties[1]!, 1000);
    await sleep(200);
    const ports = parties.map(({ participant }) => participant.port);
    let closedEvents = 0;
    mixer.on('closed', () => (closedEvents += 1));
    await Promise.all([mixer.close(), mixer.close()]);
    await mixer.close();
    expect(closedEvents).toBe(1);
    expect(mixer.participants).toEqual([]);
    expect(parties.every(({ participant }) => participant.isClosed)).toBe(true);
    for (const port of ports) {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, '127.0.0.1', resolve);
      });
      socket.close();
    }
    const heard = parties[0]!.peer.received.length;
    await sleep(100);
    expect(parties[0]!.peer.received.length).toBeLessThanOrEqual(heard + 1);
    await expect(mixer.addParticipant({ id: 'late' })).rejects.toThrow(InvalidStateError);
  });

  it('sends to a configured address before hearing from it, from a port of the configured range', async () => {
    const blocker = createSocket('udp4');
    const pool = await findFreeRange(5);
    await new Promise<void>((resolve) => blocker.bind(pool.min, '127.0.0.1', resolve));
    cleanups.push(() => blocker.close());
    const mixer = await startMixer({ ports: new UdpPortPool('127.0.0.1', pool) });
    const caller = await join(mixer, { id: 'caller' });
    const peer = await TonePeer.open();
    cleanups.push(() => peer.close());
    const recorder = await mixer.addParticipant({ id: 'recorder', role: 'listen', remote: peer.address });
    expect(caller.participant.port).toBe(pool.min + 1); // the first port was taken
    expect(recorder.port).toBe(pool.min + 2);
    expect(recorder.sdp()).toContain(`m=audio ${recorder.port} RTP/AVP 0 101\r\n`);
    const started = performance.now();
    speak(caller, 400);
    await sleep(600);
    expectTones(peer.audioBetween(started + 200, started + 600), 'recorder', [400], [1000, 2500]);
    await expect(mixer.addParticipant({ id: 'caller' })).rejects.toThrow(InvalidStateError);
    await expect(mixer.addParticipant({ id: 'x', role: 'whisper' })).rejects.toThrow(TypeError);
  });

  it('reports a key press once and keeps it out of the audio; reports silence and its end', async () => {
    const mixer = await startMixer({ mediaTimeoutMs: 300 });
    const events: string[] = [];
    mixer.on('dtmf', (id, key, ms) => events.push(`${id} pressed ${key} for ${ms} ms`));
    mixer.on('mediaTimeout', (id) => events.push(`${id} silent`));
    mixer.on('mediaResumed', (id) => events.push(`${id} back`));
    const caller = await join(mixer, { id: 'caller' });
    const agent = await join(mixer, { id: 'agent' });
    speak(agent, 1000);
    const callerPort = { address: '127.0.0.1', port: caller.participant.port };
    caller.peer.sendKey(callerPort, 5);
    caller.peer.sendKey(callerPort, 11, { timestamp: 999_999 });
    await sleep(500);
    caller.peer.sendKey(callerPort, 1, { timestamp: 5 });
    await sleep(100);

    expect(events).toEqual([
      'caller pressed 5 for 100 ms',
      'caller pressed # for 100 ms',
      'caller silent',
      'caller back',
      'caller pressed 1 for 100 ms',
    ]);
    expect(agent.peer.received.every((packet) => packet.payloadType === 0)).toBe(true);
    expect(caller.participant.stats.telephoneEvents).toBe(3);
  });
});
