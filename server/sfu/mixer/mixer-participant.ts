/**
 * One participant of a mixer: its UDP socket on loopback, the RTP coming in (latched, filtered,
 * jitter-buffered, decoded one frame per tick) and the mixed RTP going out with its own SSRC,
 * sequence and timestamp. Owned by a ConferenceMixer, which closes it when it closes.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { Logger } from '../../shared/logger.js';
import type { MediaAddress, MixerParticipantStats, MixerRole } from './conference-mixer-types.js';
import { decodeG711, encodeG711, isG711PayloadType, type G711PayloadType } from './g711.js';
import { JitterBuffer, type JitterBufferOptions } from './jitter-buffer.js';
import { FRAME_SAMPLES, SAMPLE_RATE } from './mix-bus.js';
import { checkRole, type RoleHolder } from './mixer-roles.js';
import { mixerSdp } from './mixer-sdp.js';
import { parseRtp, parseTelephoneEvent, telephoneEventName, type RtpPacket } from './rtp-packet.js';
import { RtpSender } from './rtp-sender.js';

/** Counts since the mixer's last tick report, shared by its participants. */
export interface TickCounters {
  packetsIn: number;
  packetsOut: number;
  late: number;
  lost: number;
  dropped: number;
}

/** What a participant needs from its mixer. */
export interface ParticipantHost {
  readonly log: Logger;
  readonly counters: TickCounters;
  readonly jitter: JitterBufferOptions;
  readonly concealFrames: number;
  readonly telephoneEventPayloadType: number | null;
  now(): number;
  latched(participant: MixerParticipant, remote: MediaAddress): void;
  dtmf(participant: MixerParticipant, key: string, durationMs: number): void;
  mediaResumed(participant: MixerParticipant): void;
  participantClosed(participant: MixerParticipant): void;
}

export interface ParticipantSetup {
  id: string;
  role: MixerRole;
  whisperTo: string | null;
  payloadType: G711PayloadType;
  remote: MediaAddress | null;
}

export class MixerParticipant implements RoleHolder {
  readonly id: string;
  readonly payloadType: G711PayloadType;
  /** This tick's decoded voice; valid when `speaking`. */
  readonly frame = new Int16Array(FRAME_SAMPLES);
  private currentRole: MixerRole;
  private currentWhisperTo: string | null;
  private remoteAddress: MediaAddress | null;
  private readonly jitter: JitterBuffer;
  private readonly sender: RtpSender;
  private readonly encoded = new Uint8Array(FRAME_SAMPLES);
  private readonly log: Logger;
  private readonly sessionId = randomInt(1, 2 ** 31);
  private readonly counts = { packetsIn: 0, packetsOut: 0, dropped: 0, telephoneEvents: 0 };
  private incomingSsrc: number | null = null;
  private voiced = false;
  private concealedInARow = 0;
  private lastDtmfTimestamp: number | null = null;
  private closing: Promise<void> | null = null;
  /** When RTP last came (host clock); set at creation so silence from the start counts too. */
  private lastPacketAt: number;
  /** A `mediaTimeout` was reported and no RTP came since. */
  private mediaTimedOut = false;
  private readonly local: MediaAddress;

  constructor(
    private readonly host: ParticipantHost,
    private readonly socket: Socket,
    setup: ParticipantSetup,
  ) {
    this.id = setup.id;
    this.payloadType = setup.payloadType;
    this.currentRole = setup.role;
    this.currentWhisperTo = setup.whisperTo;
    this.remoteAddress = setup.remote;
    this.jitter = new JitterBuffer(host.jitter);
    this.sender = new RtpSender(setup.payloadType);
    this.log = host.log.child({ participantId: setup.id });
    this.lastPacketAt = host.now();
    this.local = { address: socket.address().address, port: socket.address().port };
    socket.on('message', (data, from) => this.receive(data, from));
    socket.on('error', (error) => this.log.warn({ err: error }, 'mixer participant socket error'));
  }

  get role(): MixerRole {
    return this.currentRole;
  }

  get whisperTo(): string | null {
    return this.currentWhisperTo;
  }

  /** The local UDP port rtpengine must send this participant's audio to. */
  get port(): number {
    return this.local.port;
  }

  get address(): string {
    return this.local.address;
  }

  /** Where this participant's mix goes; null until latched when none was configured. */
  get remote(): MediaAddress | null {
    return this.remoteAddress;
  }

  /** Whether this tick's `frame` holds a voice (decoded or concealed) rather than silence. */
  get speaking(): boolean {
    return this.voiced;
  }

  get isClosed(): boolean {
    return this.closing !== null;
  }

  get stats(): MixerParticipantStats {
    const { late, lost, duplicates, overflow, underruns } = this.jitter.stats;
    return { ...this.counts, late, lost, duplicates, underruns, dropped: this.counts.dropped + overflow };
  }

  /** Changes who hears this participant, at once: e.g. listen -> whisper -> barge. */
  setRole(role: MixerRole, whisperTo: string | null = null): void {
    checkRole(this.id, role, whisperTo);
    this.log.info({ role, whisperTo, was: this.currentRole }, 'mixer participant role changed');
    this.currentRole = role;
    this.currentWhisperTo = whisperTo;
  }

  /** Sends to, and accepts only from, another address (rtpengine moved the leg). */
  setRemote(remote: MediaAddress): void {
    this.remoteAddress = { ...remote };
  }

  /** The SDP describing this participant's port (see mixer-sdp.ts). */
  sdp(): string {
    return mixerSdp({
      address: this.address,
      port: this.port,
      payloadType: this.payloadType,
      telephoneEventPayloadType: this.host.telephoneEventPayloadType,
      sessionId: this.sessionId,
    });
  }

  /** Called once per tick by the mixer, before mixing: fills `frame` and `speaking`. */
  pullFrame(): void {
    const lostBefore = this.jitter.stats.lost;
    const next = this.jitter.pop();
    this.host.counters.lost += this.jitter.stats.lost - lostBefore;
    if (next && isG711PayloadType(next.payloadType)) {
      decodeG711(next.payload, next.payloadType, this.frame);
      this.voiced = true;
      this.concealedInARow = 0;
    } else if (this.voiced && this.concealedInARow < this.host.concealFrames) {
      // Repeat the last frame at half the level each time: a short gap is bridged, a long one fades.
      for (let index = 0; index < FRAME_SAMPLES; index += 1) this.frame[index]! >>= 1;
      this.concealedInARow += 1;
    } else {
      this.voiced = false;
    }
  }

  /** Called once per tick by the mixer with this participant's mix; nothing goes out before a remote is known. */
  send(mix: Int16Array, frames: number): void {
    const remote = this.remoteAddress;
    if (!remote || this.closing) return;
    encodeG711(mix, this.payloadType, this.encoded);
    const packet = this.sender.next(this.encoded, frames);
    this.socket.send(packet, remote.port, remote.address, (error) => {
      if (error) this.log.debug({ err: error }, 'mixer could not send RTP');
    });
    this.counts.packetsOut += 1;
    this.host.counters.packetsOut += 1;
  }

  /** True once, when no RTP has come for `timeoutMs`; again only after RTP resumed. */
  checkMediaTimeout(now: number, timeoutMs: number): boolean {
    if (this.mediaTimedOut || now - this.lastPacketAt < timeoutMs) return false;
    this.mediaTimedOut = true;
    return true;
  }

  /** Leaves the mixer and releases the port. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = this.release();
    this.host.participantClosed(this);
    return this.closing;
  }

  /** The mixer closes: release the port without telling it back. */
  mixerClosed(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  private release(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private receive(data: Buffer, from: RemoteInfo): void {
    if (this.closing) return;
    const packet = parseRtp(data);
    if (!packet) return; // RTCP (sent to this port by a=rtcp) or noise
    const remote = this.remoteAddress;
    if (remote && (from.address !== remote.address || from.port !== remote.port)) {
      this.drop();
      return;
    }
    if (!remote) {
      this.remoteAddress = { address: from.address, port: from.port };
      this.host.latched(this, this.remoteAddress);
    }
    this.lastPacketAt = this.host.now();
    if (this.mediaTimedOut) {
      this.mediaTimedOut = false;
      this.host.mediaResumed(this);
    }
    if (packet.payloadType === this.host.telephoneEventPayloadType) {
      this.receiveTelephoneEvent(packet);
    } else if (isG711PayloadType(packet.payloadType)) {
      this.receiveAudio(packet);
    } else {
      this.drop(); // comfort noise (13) and anything not offered in our SDP
    }
  }

  private receiveAudio(packet: RtpPacket): void {
    if (packet.ssrc !== this.incomingSsrc) {
      // A new stream (rtpengine switched sources, say after a transfer): its numbering starts over.
      if (this.incomingSsrc !== null) this.jitter.reset();
      this.incomingSsrc = packet.ssrc;
    }
    const outcome = this.jitter.push(packet.sequence, packet.payloadType, packet.payload);
    if (outcome === 'accepted') {
      this.counts.packetsIn += 1;
      this.host.counters.packetsIn += 1;
    } else if (outcome === 'late') {
      this.host.counters.late += 1;
    } else {
      this.host.counters.dropped += 1;
    }
  }

  /**
   * RFC 4733 events never reach the mix (see conference-mixer.ts); each key press is reported once,
   * at its end. RFC 4733 section 2.5.1.4: the final packet "SHOULD be retransmitted" three times
   * with the same timestamp, which is how repeats are recognised.
   */
  private receiveTelephoneEvent(packet: RtpPacket): void {
    const event = parseTelephoneEvent(packet.payload);
    if (!event?.end || packet.timestamp === this.lastDtmfTimestamp) return;
    this.lastDtmfTimestamp = packet.timestamp;
    this.counts.telephoneEvents += 1;
    this.host.dtmf(this, telephoneEventName(event.event), (event.duration * 1000) / SAMPLE_RATE);
  }

  private drop(): void {
    this.counts.dropped += 1;
    this.host.counters.dropped += 1;
  }
}
