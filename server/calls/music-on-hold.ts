/**
 * Music on hold: while an agent holds a caller, rtpengine plays a looping file toward the caller's
 * leg (`play media`). Only toward SIP/RTP legs: `play media` toward a browser leg leaves Chromium
 * locked on the player's SSRC (DESIGN.md), so a WebRTC held leg gets no music, and a log line says so.
 *
 * rtpengine 10.5 as seen on this machine (music-on-hold.test.ts):
 * - the player does not replace what the other leg sends: the holder's packets (SIP.js keeps
 *   sending silence on a `sendonly` hold) still reach the caller, with another SSRC, interleaved
 *   with the music. So the holder's media is blocked (`block media`) for as long as the music plays;
 * - the player goes on through later offers and answers (a hold re-INVITE, a resume re-INVITE,
 *   `a=inactive` on the held side): only `stop media` ends it. `block media` also survives them;
 * - `repeat-times` up to 2^31-1 is accepted and the file loops with no gap; deleting the session
 *   (the call ends) stops the player with it;
 * - `play media` is refused toward a leg whose last SDP says it does not receive (`inactive`,
 *   `sendonly`), though a player already running goes on through such a re-INVITE. An agent's
 *   `a=inactive` hold therefore reaches the caller as `sendonly` (holdOfferForMusic) and the
 *   caller's `recvonly` answer goes back to the agent as `inactive` (holdAnswerForHolder);
 * - `play media` while playing restarts the file; `stop media` with nothing playing is not an error.
 *
 * The music is generated here (no audio is downloaded or committed): `ensureHoldMusic` writes
 * `<dataDir>/media/hold-music.wav` at start-up, 8 s of soft chords, 8 kHz 16-bit mono PCM.
 */
import { rename, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidStateError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { NgPlayMediaRequest } from '../sfu/ng/ng-types.js';
import type { LegMedia } from './media-profiles.js';

export type HoldMusicSource = NgPlayMediaRequest['source'];

/** The held party's leg: the music plays toward it (MediaLeg has these). */
export interface HeldLeg {
  readonly tag: string;
  readonly isClosed: boolean;
  playMedia(source: HoldMusicSource, options: { repeatTimes?: number }): Promise<unknown>;
  stopMedia(): Promise<void>;
}

/** The party who holds: its media is blocked while the music plays (MediaLeg has these). */
export interface HoldingLeg {
  readonly tag: string;
  readonly isClosed: boolean;
  blockMedia(): Promise<void>;
  unblockMedia(): Promise<void>;
}

export interface MusicOnHoldOptions {
  readonly held: HeldLeg;
  /** Music is refused toward a WebRTC leg (DESIGN.md). */
  readonly heldMedia: LegMedia;
  readonly holder: HoldingLeg;
  readonly source: HoldMusicSource;
  readonly logger: Logger;
  /** Loops of the file; the default plays the 8 s file for more than a day. */
  readonly repeatTimes?: number;
}

/**
 *   Silent --start()--> Playing --stop()--> Silent
 *     |                    |
 *     +------close()-------+------------> Closed
 */
export enum HoldMusicState {
  Silent = 'silent',
  Playing = 'playing',
  /** The call ended: rtpengine dropped the player with the session. */
  Closed = 'closed',
}

const ALLOWED: Readonly<Record<HoldMusicState, readonly HoldMusicState[]>> = {
  [HoldMusicState.Silent]: [HoldMusicState.Playing, HoldMusicState.Closed],
  [HoldMusicState.Playing]: [HoldMusicState.Silent, HoldMusicState.Closed],
  [HoldMusicState.Closed]: [],
};

/** What `start()` did. */
export type HoldMusicStart = 'playing' | 'already-playing' | 'refused-webrtc' | 'failed' | 'closed';

const DEFAULT_REPEAT_TIMES = 20_000;

/**
 * One per call. `start()` and `stop()` are idempotent, never reject, and run one after the other in
 * the order they were called (a hold quickly followed by a resume ends silent).
 */
export class MusicOnHold {
  private currentState = HoldMusicState.Silent;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MusicOnHoldOptions) {}

  get state(): HoldMusicState {
    return this.currentState;
  }

  /** A getter, not a field test, so that TypeScript does not narrow it across awaits. */
  private get closed(): boolean {
    return this.currentState === HoldMusicState.Closed;
  }

  /** Blocks the holder's media, then plays the music toward the held leg. */
  start(): Promise<HoldMusicStart> {
    return this.serially(() => this.play());
  }

  /** Stops the music, then lets the holder's media through again. */
  stop(): Promise<void> {
    return this.serially(() => this.silence());
  }

  /** The call ended: no ng traffic (deleting the session stopped the player). Idempotent. */
  close(): void {
    this.transition(HoldMusicState.Closed);
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => {});
    return next;
  }

  private async play(): Promise<HoldMusicStart> {
    const { held, holder, heldMedia, source, logger } = this.options;
    if (this.currentState === HoldMusicState.Playing) return 'already-playing';
    if (this.closed || held.isClosed || holder.isClosed) return 'closed';
    if (heldMedia === 'webrtc') {
      logger.info(
        { heldLeg: held.tag },
        'no music on hold toward a WebRTC leg (rtpengine play media breaks it)',
      );
      return 'refused-webrtc';
    }
    try {
      await holder.blockMedia();
      await held.playMedia(source, { repeatTimes: this.options.repeatTimes ?? DEFAULT_REPEAT_TIMES });
    } catch (error) {
      logger.warn({ err: error, heldLeg: held.tag }, 'music on hold did not start');
      await holder.unblockMedia().catch(() => {});
      return this.closed ? 'closed' : 'failed';
    }
    if (this.closed) return 'closed';
    this.transition(HoldMusicState.Playing);
    return 'playing';
  }

  private async silence(): Promise<void> {
    const { held, holder, logger } = this.options;
    if (this.currentState !== HoldMusicState.Playing) return;
    this.transition(HoldMusicState.Silent);
    if (held.isClosed || holder.isClosed) return;
    for (const [what, step] of [
      ['stop media', () => held.stopMedia()],
      ['unblock media', () => holder.unblockMedia()],
    ] as const) {
      try {
        await step();
      } catch (error) {
        if (!(error instanceof InvalidStateError))
          logger.warn({ err: error, heldLeg: held.tag }, `${what} failed`);
      }
    }
  }

  private transition(next: HoldMusicState): void {
    const previous = this.currentState;
    if (previous === next) return;
    if (!ALLOWED[previous].includes(next)) {
      throw new InvalidStateError(`music on hold: ${previous} -> ${next} is not allowed`);
    }
    this.currentState = next;
    this.options.logger.debug({ heldLeg: this.options.held.tag, from: previous, to: next }, 'music on hold');
  }
}

// ---- The hold SDP the music needs ---------------------------------------------------------------

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTION_ATTRIBUTE = /^a=(sendrecv|sendonly|recvonly|inactive)(?=\r?$)/gm;

/**
 * The first direction attribute of an SDP body. RFC 4566 6: "If none of the attributes "sendonly",
 * "recvonly", "inactive", and "sendrecv" is present, "sendrecv" SHOULD be assumed".
 */
export function sdpDirection(sdp: string): SdpDirection {
  const [first] = sdp.matchAll(DIRECTION_ATTRIBUTE);
  return (first?.[1] as SdpDirection | undefined) ?? 'sendrecv';
}

/**
 * RFC 3264 8.4: "If the stream to be placed on hold was previously a sendrecv media stream, it is
 * placed on hold by marking it sendonly. If ... a recvonly media stream, ... by marking it inactive."
 */
export function isHoldOffer(sdp: string): boolean {
  const direction = sdpDirection(sdp);
  return direction === 'sendonly' || direction === 'inactive';
}

function withDirection(sdp: string, direction: SdpDirection): string {
  return sdp.replace(DIRECTION_ATTRIBUTE, `a=${direction}`);
}

/**
 * The holder's offer as it must reach rtpengine (and so the held leg) for music to play: rtpengine
 * 10.5 refuses `play media` ("Failed to start media playback from file") toward a leg whose last
 * answer was inactive, and an inactive offer gets an inactive answer. We do send (the music), so
 * the held leg is offered sendonly and answers recvonly.
 */
export function holdOfferForMusic(holderSdp: string): string {
  return sdpDirection(holderSdp) === 'inactive' ? withDirection(holderSdp, 'sendonly') : holderSdp;
}

/**
 * The answer to send back to the holder. RFC 3264 6.1: "If an offered media stream is listed as
 * inactive, it MUST be marked as inactive in the answer", whatever the held leg answered.
 */
export function holdAnswerForHolder(holderSdp: string, answerSdp: string): string {
  return sdpDirection(holderSdp) === 'inactive' ? withDirection(answerSdp, 'inactive') : answerSdp;
}

// ---- The music itself --------------------------------------------------------------------------

export const HOLD_MUSIC_SAMPLE_RATE = 8000;
const BAR_SECONDS = 2;
/** I-vi-IV-V in C major as MIDI notes, bass first: C, Am, F, G, with close voice leading. */
const PROGRESSION: readonly (readonly number[])[] = [
  [48, 60, 64, 67],
  [45, 60, 64, 69],
  [41, 60, 65, 69],
  [43, 59, 62, 67],
];
/** A soft electric-piano voice: the fundamental and two quieter harmonics. */
const HARMONICS: readonly (readonly [number, number])[] = [
  [1, 1],
  [2, 0.3],
  [3, 0.08],
];
const PEAK = 0.5 * 32767; // -6 dBFS

function hz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/**
 * 8 s of music as 16-bit samples that loop seamlessly: every note is rendered into a circular
 * buffer, so the last chord's tail rings on into the first bar. Deterministic.
 */
export function renderHoldMusic(): Int16Array {
  const rate = HOLD_MUSIC_SAMPLE_RATE;
  const length = PROGRESSION.length * BAR_SECONDS * rate;
  const mix = new Float64Array(length);
  const note = (midi: number, at: number, seconds: number, decay: number, gain: number): void => {
    const start = Math.round(at * rate);
    const count = Math.round(seconds * rate);
    const fade = Math.round(0.05 * rate);
    const radiansPerSample = (2 * Math.PI * hz(midi)) / rate;
    for (let n = 0; n < count; n += 1) {
      const t = n / rate;
      const envelope = Math.min(1, t / 0.02) * Math.min(1, (count - n) / fade) * Math.exp(-t / decay);
      const phase = radiansPerSample * n;
      let value = 0;
      for (let harmonic = 0; harmonic < HARMONICS.length; harmonic += 1) {
        value += HARMONICS[harmonic]![1] * Math.sin(phase * HARMONICS[harmonic]![0]);
      }
      mix[(start + n) % length]! += gain * envelope * value;
    }
  };
  PROGRESSION.forEach((chord, bar) => {
    const at = bar * BAR_SECONDS;
    const [bass, ...upper] = chord as [number, ...number[]];
    note(bass, at, 2.4, 1.2, 0.9);
    // The chord strummed gently, then its notes an octave up as a slow arpeggio on top.
    upper.forEach((midi, index) => note(midi, at + 0.04 * index, 2.6, 1.4, 0.5));
    [0, 1, 2, 1].forEach((index, step) => note(upper[index]! + 12, at + 0.5 * step, 1.2, 0.35, 0.35));
  });
  let peak = 0;
  for (const value of mix) peak = Math.max(peak, Math.abs(value));
  const samples = new Int16Array(length);
  for (let index = 0; index < length; index += 1) samples[index] = Math.round((mix[index]! / peak) * PEAK);
  return samples;
}

/** A canonical 44-byte-header WAV (RIFF, PCM = 1, mono, 16-bit little-endian). */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => data.writeInt16LE(sample, index * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * Writes the hold music under `<dataDir>/media/` unless the same bytes are already there, and
 * returns its absolute path (rtpengine reads it: the embedded one shares our file system; an
 * external one needs the file at the same path, or the bytes sent as a `blob`).
 */
export async function ensureHoldMusic(dataDir: string): Promise<string> {
  const directory = resolve(dataDir, 'media');
  const path = join(directory, 'hold-music.wav');
  const wav = encodeWav(renderHoldMusic(), HOLD_MUSIC_SAMPLE_RATE);
  const existing = await readFile(path).catch(() => null);
  if (existing?.equals(wav)) return path;
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, wav);
  await rename(temporary, path);
  return path;
}
