/**
 * An IVR's media: our own RTP endpoint on loopback that one call's caller leg is pointed at
 * through rtpengine (as the conference mixer's participants are: conference.ts in server/calls):
 *
 *   caller <-> rtpengine leg "caller" <-RTP G.711-> rtpengine leg "ivr" <-> IvrEndpoint (127.0.0.1:p)
 *
 * It sends one continuous RTP stream (one SSRC; sequence and timestamp run on across prompts and
 * the silence or music between them) paced by a drift-free 20 ms ticker, plays lists of µ-law
 * prompt clips with no gap between clips, and reports the caller's RFC 4733 key presses once
 * each. A key stops a playback that allows barge-in as soon as it goes down.
 *
 * Playback states (PromptPlayer): Idle --play()--> Playing --end / key / stop()--> Idle; the
 * endpoint itself is Open until close() (idempotent), which stops the ticker and frees the port.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { RemoteInfo, Socket } from 'node:dgram';
import { InvalidStateError } from '../../shared/errors.js';
import { moduleLogger, type Logger } from '../../shared/logger.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { FrameTicker, systemClock, type TickerClock } from '../mixer/frame-ticker.js';
import {
  decodeG711,
  encodeG711,
  PCMA,
  PCMU,
  isG711PayloadType,
  type G711PayloadType,
} from '../mixer/g711.js';
import { FRAME_SAMPLES } from '../mixer/mix-bus.js';
import { mixerSdp } from '../mixer/mixer-sdp.js';
import { parseRtp } from '../mixer/rtp-packet.js';
import { RtpSender } from '../mixer/rtp-sender.js';
import { UdpPortPool } from '../mixer/udp-port-pool.js';
import type {
  IvrEndpointEvents,
  IvrEndpointOptions,
  IvrEndpointStats,
  MediaAddress,
  PlaybackEnd,
} from './ivr-endpoint-types.js';
import { PlayerState, PromptPlayer } from './prompt-player.js';
import { TelephoneEventDetector, type KeyPress } from './telephone-event-detector.js';

const DEFAULT_TELEPHONE_EVENT = 101;

export class IvrEndpoint extends TypedEmitter<IvrEndpointEvents> {
  readonly id: string;
  readonly payloadType: G711PayloadType;
  readonly telephoneEventPayloadType: number;
  readonly stats: IvrEndpointStats = { packetsOut: 0, audioIn: 0, telephoneEventsIn: 0, keys: 0, dropped: 0 };
  private readonly log: Logger;
  private readonly clock: TickerClock;
  private readonly ticker: FrameTicker;
  private readonly player = new PromptPlayer();
  private readonly detector: TelephoneEventDetector;
  private readonly sender: RtpSender;
  private readonly mulawFrame = new Uint8Array(FRAME_SAMPLES);
  private readonly linearFrame = new Int16Array(FRAME_SAMPLES);
  private readonly outFrame = new Uint8Array(FRAME_SAMPLES);
  private readonly sessionId = randomInt(1, 2 ** 31);
  private readonly local: MediaAddress;
  private remoteAddress: MediaAddress | null;
  private playbackCounter = 0;
  private current: { id: number; bargeIn: boolean } | null = null;
  private closing: Promise<void> | null = null;

  static async open(options: IvrEndpointOptions): Promise<IvrEndpoint> {
    const socket = await (options.ports ?? new UdpPortPool()).open();
    return new IvrEndpoint(socket, options);
  }

  private constructor(
    private readonly socket: Socket,
    options: IvrEndpointOptions,
  ) {
    super(options.logger);
    const payloadType = options.payloadType ?? PCMU;
    if (!isG711PayloadType(payloadType)) throw new TypeError(`not a G.711 payload type: ${payloadType}`);
    this.id = options.id ?? randomUUID();
    this.payloadType = payloadType;
    this.telephoneEventPayloadType = options.telephoneEventPayloadType ?? DEFAULT_TELEPHONE_EVENT;
    this.log = moduleLogger(options.logger, 'ivr', { ivrId: this.id });
    this.clock = options.clock ?? systemClock;
    this.detector = new TelephoneEventDetector(options.keyQuietMs);
    this.sender = new RtpSender(payloadType);
    this.remoteAddress = options.remote ? { ...options.remote } : null;
    this.local = { address: socket.address().address, port: socket.address().port };
    socket.on('message', (data, from) => this.receive(data, from));
    socket.on('error', (error) => this.log.warn({ err: error }, 'IVR socket error'));
    this.ticker = new FrameTicker((frames) => this.tick(frames), { clock: this.clock });
    this.ticker.start();
  }

  get port(): number {
    return this.local.port;
  }

  get address(): string {
    return this.local.address;
  }

  get remote(): MediaAddress | null {
    return this.remoteAddress;
  }

  get isClosed(): boolean {
    return this.closing !== null;
  }

  /** The playback that is playing, if any. */
  get playing(): number | null {
    return this.current?.id ?? null;
  }

  /** The SDP of this endpoint for rtpengine: plain RTP/AVP, one G.711 codec, telephone-event. */
  sdp(): string {
    return mixerSdp({
      address: this.address,
      port: this.port,
      payloadType: this.payloadType,
      telephoneEventPayloadType: this.telephoneEventPayloadType,
      sessionId: this.sessionId,
    }).replace('s=Tandem mixer', 's=Tandem IVR');
  }

  /** Sends to, and accepts only from, this address (rtpengine's side of the leg). */
  setRemote(remote: MediaAddress): void {
    this.remoteAddress = { ...remote };
  }

  /**
   * Plays µ-law clips one after the other from the next frame on, replacing (as `stopped`) what
   * played. Returns the playback's id, which `playbackFinished` reports.
   */
  play(clips: readonly Uint8Array[], options: { bargeIn?: boolean } = {}): number {
    this.assertOpen('play');
    if (!Array.isArray(clips) || !clips.every((clip) => clip instanceof Uint8Array)) {
      throw new TypeError('expected a list of µ-law clips (Uint8Array)');
    }
    this.finish('stopped');
    this.playbackCounter += 1;
    this.current = { id: this.playbackCounter, bargeIn: options.bargeIn ?? false };
    this.player.start(clips);
    return this.playbackCounter;
  }

  /** Stops the playback (reported as `stopped`); nothing playing is fine. */
  stop(): void {
    this.finish('stopped');
  }

  /** Music (µ-law) looped whenever no prompt plays, e.g. between queue announcements; null for silence. */
  setHoldAudio(loop: Uint8Array | null): void {
    this.player.setLoop(loop);
  }

  /** Stops sending and frees the port. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.ticker.stop();
    this.player.stop();
    this.current = null;
    this.closing = new Promise<void>((resolve) => this.socket.close(() => resolve())).then(() => {
      this.log.debug({ stats: this.stats }, 'IVR endpoint closed');
      this.emit('closed');
    });
    return this.closing;
  }

  private finish(how: PlaybackEnd): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    this.player.stop();
    this.emit('playbackFinished', current.id, how);
  }

  private tick(frames: number): void {
    if (this.closing) return;
    const key = this.detector.expire(this.clock.now());
    if (key) this.keyEnded(key);
    const remote = this.remoteAddress;
    if (!remote) return;
    this.player.fill(this.mulawFrame);
    const playedOut = this.current !== null && this.player.state === PlayerState.Idle;
    let payload = this.mulawFrame;
    if (this.payloadType === PCMA) {
      decodeG711(this.mulawFrame, PCMU, this.linearFrame);
      encodeG711(this.linearFrame, PCMA, this.outFrame);
      payload = this.outFrame;
    }
    const packet = this.sender.next(payload, frames);
    this.socket.send(packet, remote.port, remote.address, (error) => {
      if (error) this.log.debug({ err: error }, 'IVR could not send RTP');
    });
    this.stats.packetsOut += 1;
    if (playedOut) this.finish('completed');
  }

  private receive(data: Buffer, from: RemoteInfo): void {
    if (this.closing) return;
    const packet = parseRtp(data);
    if (!packet) return; // RTCP (sent here by a=rtcp) or noise
    const remote = this.remoteAddress;
    if (remote && (from.address !== remote.address || from.port !== remote.port)) {
      this.stats.dropped += 1;
      return;
    }
    if (!remote) {
      this.remoteAddress = { address: from.address, port: from.port };
      this.emit('latched', { ...this.remoteAddress });
    }
    if (packet.payloadType === this.telephoneEventPayloadType) {
      this.stats.telephoneEventsIn += 1;
      const outcome = this.detector.push(packet.timestamp, packet.payload, this.clock.now());
      if (outcome.began !== null && this.current?.bargeIn) {
        this.emit('bargeIn', outcome.began);
        this.finish('interrupted');
      }
      for (const key of outcome.ended) this.keyEnded(key);
    } else if (isG711PayloadType(packet.payloadType)) {
      this.stats.audioIn += 1;
    } else {
      this.stats.dropped += 1;
    }
  }

  private keyEnded(key: KeyPress): void {
    this.stats.keys += 1;
    this.log.debug({ key: key.key, durationMs: key.durationMs }, 'key pressed');
    this.emit('dtmf', key.key, key.durationMs);
  }

  private assertOpen(action: string): void {
    if (this.closing) throw new InvalidStateError(`cannot ${action}: IVR endpoint ${this.id} is closed`);
  }
}
