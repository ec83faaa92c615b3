/**
 * A G.711 mixer on loopback for conferences, silent monitoring, whisper (coaching) and barge.
 * rtpengine stays the media plane toward callers and agents; it cannot mix (DESIGN.md), so each
 * call leg that takes part is pointed at one participant port of a mixer, plain RTP/AVP G.711:
 *
 *   caller <-> rtpengine leg A <-RTP-> mixer participant "caller" (127.0.0.1:p1) \
 *   agent  <-> rtpengine leg B <-RTP-> mixer participant "agent"  (127.0.0.1:p2)  |- one mixer
 *   expert <-> rtpengine leg C <-RTP-> mixer participant "expert" (127.0.0.1:p3) /
 *
 * Every 20 ms (a drift-free ticker) the mixer takes one frame from each participant's jitter
 * buffer, decodes it, and sends each listener the sum of the voices its role lets it hear, less
 * its own (mixer-roles.ts, mix-bus.ts), encoded in the listener's codec, as one RTP packet in the
 * listener's own stream (SSRC, sequence, timestamp). Listeners get packets every tick, silence
 * included, so rtpengine never sees the stream stop.
 *
 * RFC 4733 telephone events are dropped from the media, never forwarded: forwarding would have to
 * re-time each event into every listener's stream, and it would repeat a caller's card digits to
 * a monitoring supervisor. Each key press is reported once as a `dtmf` event instead; the calls
 * layer decides what to do with it (MediaLeg.playDtmf toward a trunk, an IVR, nothing).
 *
 * The calls layer's side of it:
 *   const mixer = new ConferenceMixer({ id: callId, logger, ports }); // ports: one shared UdpPortPool
 *   const caller = await mixer.addParticipant({ id: 'caller', payloadType: PCMU });
 *   // caller.sdp() is the mixer side's SDP for rtpengine (offer or answer), then:
 *   caller.setRemote({ address, port }); // c= and m=audio of rtpengine's SDP toward the mixer
 *   const coach = await mixer.addParticipant({ id: 'sup', role: 'whisper', whisperTo: 'agent' });
 *   coach.setRole('barge'); // the supervisor joins in, no renegotiation
 *   await mixer.close(); // every port released
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { InvalidStateError } from '../../shared/errors.js';
import { moduleLogger, type Logger } from '../../shared/logger.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { MIXER_DEFAULTS, type ConferenceMixerOptions } from './conference-mixer-options.js';
import type {
  ConferenceMixerEvents,
  MediaAddress,
  MixerObserver,
  MixerParticipantOptions,
} from './conference-mixer-types.js';
import { FrameTicker, systemClock, type TickerClock } from './frame-ticker.js';
import { isG711PayloadType, PCMU } from './g711.js';
import type { JitterBufferOptions } from './jitter-buffer.js';
import { FRAME_SAMPLES, MixBus } from './mix-bus.js';
import { checkRole, isHeardByEveryone } from './mixer-roles.js';
import { MixerParticipant, type ParticipantHost, type TickCounters } from './mixer-participant.js';
import { UdpPortPool } from './udp-port-pool.js';

const NO_WHISPERS: readonly Int16Array[] = [];

export class ConferenceMixer extends TypedEmitter<ConferenceMixerEvents> implements ParticipantHost {
  readonly id: string;
  readonly log: Logger;
  readonly counters: TickCounters = { packetsIn: 0, packetsOut: 0, late: 0, lost: 0, dropped: 0 };
  readonly jitter: JitterBufferOptions;
  readonly concealFrames: number;
  readonly telephoneEventPayloadType: number | null;
  private readonly mediaTimeoutMs: number;
  private readonly ports: UdpPortPool;
  private readonly clock: TickerClock;
  private readonly observer: MixerObserver | undefined;
  private readonly ticker: FrameTicker;
  private readonly bus = new MixBus();
  private readonly mix = new Int16Array(FRAME_SAMPLES);
  private readonly byId = new Map<string, MixerParticipant>();
  /** Ids reserved while their socket binds, so two joins with one id cannot race. */
  private readonly joining = new Set<string>();
  /** The participants a tick walks, rebuilt on join and leave rather than every 20 ms. */
  private members: readonly MixerParticipant[] = [];
  private closing: Promise<void> | null = null;

  constructor(options: ConferenceMixerOptions) {
    super(options.logger);
    this.id = options.id ?? randomUUID();
    this.log = moduleLogger(options.logger, 'mixer', { mixerId: this.id });
    this.jitter = options.jitter ?? MIXER_DEFAULTS.jitter;
    this.concealFrames = options.concealFrames ?? MIXER_DEFAULTS.concealFrames;
    this.telephoneEventPayloadType =
      options.telephoneEventPayloadType === undefined
        ? MIXER_DEFAULTS.telephoneEventPayloadType
        : options.telephoneEventPayloadType;
    this.mediaTimeoutMs = options.mediaTimeoutMs ?? MIXER_DEFAULTS.mediaTimeoutMs;
    this.ports = options.ports ?? new UdpPortPool();
    this.clock = options.clock ?? systemClock;
    this.observer = options.observer;
    this.ticker = new FrameTicker((frames) => this.tick(frames), { clock: this.clock });
    this.ticker.start();
  }

  get isClosed(): boolean {
    return this.closing !== null;
  }

  get participants(): readonly MixerParticipant[] {
    return this.members;
  }

  participant(id: string): MixerParticipant | undefined {
    return this.byId.get(id);
  }

  /** Opens a port for a new participant; it is mixed from the next tick on. */
  async addParticipant(options: MixerParticipantOptions): Promise<MixerParticipant> {
    const role = options.role ?? 'full';
    const whisperTo = options.whisperTo ?? null;
    const payloadType = options.payloadType ?? PCMU;
    if (!options.id) throw new TypeError('a mixer participant needs an id');
    checkRole(options.id, role, whisperTo);
    if (!isG711PayloadType(payloadType)) throw new TypeError(`not a G.711 payload type: ${payloadType}`);
    this.assertOpen('add a participant');
    if (this.byId.has(options.id) || this.joining.has(options.id)) {
      throw new InvalidStateError(`mixer ${this.id} already has participant ${options.id}`);
    }
    this.joining.add(options.id);
    let socket: Socket;
    try {
      socket = await this.ports.open();
    } finally {
      this.joining.delete(options.id);
    }
    const remote = options.remote ? { ...options.remote } : null;
    const participant = new MixerParticipant(this, socket, {
      id: options.id,
      role,
      whisperTo,
      payloadType,
      remote,
    });
    if (this.closing) {
      await participant.mixerClosed();
      throw new InvalidStateError(`mixer ${this.id} closed while participant ${options.id} joined`);
    }
    this.byId.set(participant.id, participant);
    this.members = [...this.byId.values()];
    this.observer?.participantsChanged(1);
    this.log.info(
      { participantId: participant.id, role, port: participant.port, remote },
      'participant joined',
    );
    this.emit('participantJoined', participant.id);
    return participant;
  }

  /** Same as the participant's close(); resolves once its port is free. Unknown ids are ignored. */
  async removeParticipant(id: string): Promise<void> {
    await this.byId.get(id)?.close();
  }

  /** Stops mixing and releases every port. Idempotent; resolves when every socket is closed. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.ticker.stop();
    const leaving = this.members;
    this.byId.clear();
    this.members = [];
    if (leaving.length > 0) this.observer?.participantsChanged(-leaving.length);
    this.closing = Promise.all(leaving.map((participant) => participant.mixerClosed())).then(() => {
      this.log.info({ participants: leaving.length }, 'mixer closed');
      this.emit('closed');
    });
    return this.closing;
  }

  now(): number {
    return this.clock.now();
  }

  latched(participant: MixerParticipant, remote: MediaAddress): void {
    this.log.debug({ participantId: participant.id, remote }, 'participant latched');
    this.emit('latched', participant.id, { ...remote });
  }

  dtmf(participant: MixerParticipant, key: string, durationMs: number): void {
    this.emit('dtmf', participant.id, key, durationMs);
  }

  mediaResumed(participant: MixerParticipant): void {
    this.log.info({ participantId: participant.id }, 'participant media resumed');
    this.emit('mediaResumed', participant.id);
  }

  participantClosed(participant: MixerParticipant): void {
    if (this.byId.get(participant.id) !== participant) return;
    this.byId.delete(participant.id);
    this.members = [...this.byId.values()];
    this.observer?.participantsChanged(-1);
    this.log.info({ participantId: participant.id, stats: participant.stats }, 'participant left');
    this.emit('participantLeft', participant.id);
  }

  /** One 20 ms frame for everyone (`frames` > 1 after a stall the ticker skipped). */
  private tick(frames: number): void {
    const members = this.members;
    if (members.length === 0) return;
    const started = performance.now();
    try {
      this.mixAndSend(members, frames);
      this.checkMediaTimeouts(members);
      this.report(members.length, (performance.now() - started) / 1000);
    } catch (error) {
      this.log.error({ err: error }, 'mixer tick failed');
    }
  }

  private mixAndSend(members: readonly MixerParticipant[], frames: number): void {
    const bus = this.bus;
    bus.clear();
    let whisperers: MixerParticipant[] | null = null;
    for (const member of members) {
      member.pullFrame();
      if (!member.speaking) continue;
      if (isHeardByEveryone(member.role)) bus.addHeardByEveryone(member.frame);
      else if (member.role === 'whisper') (whisperers ??= []).push(member);
    }
    for (const listener of members) {
      if (!listener.remote) continue;
      const own = listener.speaking && isHeardByEveryone(listener.role) ? listener.frame : null;
      const whispers = whisperers
        ? whisperers.filter((whisperer) => whisperer.whisperTo === listener.id).map((w) => w.frame)
        : NO_WHISPERS;
      bus.renderFor(this.mix, own, whispers);
      listener.send(this.mix, frames);
    }
  }

  private checkMediaTimeouts(members: readonly MixerParticipant[]): void {
    const now = this.clock.now();
    for (const member of members) {
      if (!member.checkMediaTimeout(now, this.mediaTimeoutMs)) continue;
      this.log.info({ participantId: member.id, ms: this.mediaTimeoutMs }, 'no RTP from participant');
      this.emit('mediaTimeout', member.id);
    }
  }

  private report(participants: number, seconds: number): void {
    const counters = this.counters;
    this.observer?.tickFinished({ seconds, participants, ...counters });
    counters.packetsIn = counters.packetsOut = counters.late = counters.lost = counters.dropped = 0;
  }

  private assertOpen(action: string): void {
    if (this.closing) throw new InvalidStateError(`cannot ${action}: mixer ${this.id} is closed`);
  }
}
