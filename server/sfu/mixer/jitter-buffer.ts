/**
 * A small fixed-delay jitter buffer for one incoming 20 ms RTP stream: packets are kept by their
 * (extended) sequence number, so reordered packets play in order; a packet that arrives after its
 * turn was played (or concealed) is late and dropped. Every mixer tick takes one frame.
 *
 *              depth frames held, or one held for depth ticks
 *   Filling ------------------------------------------------------> Playing
 *      ^  <--- nothing held at a tick (underrun); a sequence jump ---   |
 *      +------------------ reset() (the sender's SSRC changed) ---------+
 *
 * RFC 3550 leaves playout to the receiver; this one is deliberately simple: a fixed delay of
 * `depth` frames, a frame concealed (null) when its packet is missing while later ones are held,
 * the oldest frames dropped when the sender's clock runs faster than ours (more than `maxDepth`
 * held), and a fresh fill after an underrun, after a sender pause, or after a big jump.
 */

export interface JitterBufferOptions {
  /** Frames held before playout starts, and again after an underrun (3 = 60 ms of delay). */
  depth: number;
  /** More frames than this held means the sender runs fast: drop the oldest, back to `depth`. */
  maxDepth: number;
}

export interface JitterFrame {
  sequence: number;
  payloadType: number;
  payload: Buffer;
}

export interface JitterBufferStats {
  /** Packets taken in. */
  accepted: number;
  /** Packets that came after their turn. */
  late: number;
  duplicates: number;
  /** Frames whose packet never came while later ones were held (concealed by the caller). */
  lost: number;
  /** Frames dropped because too many were held (sender clock faster than ours, or a flood). */
  overflow: number;
  /** Ticks with nothing to play. */
  underruns: number;
  /** Times the stream was restarted (sequence jump or reset()). */
  resyncs: number;
}

export type PushOutcome = 'accepted' | 'late' | 'duplicate' | 'overflow';

/** A sequence jump larger than this (about 20 s of 20 ms packets) means the stream restarted. */
const RESTART_DISTANCE = 1000;
/** Packets held at most between two ticks: a flood beyond it is refused, not stored. */
const HOLD_LIMIT = 64;

export class JitterBuffer {
  readonly stats: JitterBufferStats = {
    accepted: 0,
    late: 0,
    duplicates: 0,
    lost: 0,
    overflow: 0,
    underruns: 0,
    resyncs: 0,
  };
  private readonly held = new Map<number, JitterFrame>();
  /** Highest extended sequence number seen, the reference for extending 16-bit ones. */
  private highest: number | null = null;
  /** Extended sequence number due at the next playout; null until the first fill completes. */
  private next: number | null = null;
  private filling = true;
  /** Ticks spent filling with something held: a lone frame plays after `depth` ticks anyway. */
  private fillingTicks = 0;

  constructor(private readonly options: JitterBufferOptions) {
    if (!Number.isInteger(options.depth) || options.depth < 1 || options.maxDepth < options.depth) {
      throw new TypeError(`bad jitter buffer depths: ${options.depth}, ${options.maxDepth}`);
    }
  }

  /** Frames held now. */
  get size(): number {
    return this.held.size;
  }

  get isFilling(): boolean {
    return this.filling;
  }

  push(sequence: number, payloadType: number, payload: Buffer): PushOutcome {
    const extended = this.extend(sequence);
    if (this.next !== null && extended < this.next) {
      this.stats.late += 1;
      return 'late';
    }
    if (this.held.has(extended)) {
      this.stats.duplicates += 1;
      return 'duplicate';
    }
    if (this.held.size >= HOLD_LIMIT) {
      this.stats.overflow += 1;
      return 'overflow';
    }
    this.held.set(extended, { sequence: extended, payloadType, payload });
    this.stats.accepted += 1;
    return 'accepted';
  }

  /** The frame due at this tick, or null: still filling, lost, or nothing held (underrun). */
  pop(): JitterFrame | null {
    if (this.filling) {
      this.fillingTicks = this.held.size === 0 ? 0 : this.fillingTicks + 1;
      if (this.held.size < this.options.depth && this.fillingTicks <= this.options.depth) return null;
      this.filling = false;
      this.fillingTicks = 0;
      const lowest = this.lowestHeld();
      if (this.next !== null) this.stats.lost += lowest - this.next;
      this.next = lowest;
    }
    if (this.held.size > this.options.maxDepth) this.dropOldest();
    const next = this.next!;
    const frame = this.held.get(next);
    if (frame) {
      this.held.delete(next);
      this.next = next + 1;
      return frame;
    }
    if (this.held.size === 0) {
      this.stats.underruns += 1;
      this.filling = true;
      return null;
    }
    const lowest = this.lowestHeld();
    if (lowest - next > this.options.maxDepth) {
      // The sender skipped far ahead (a pause without DTX, a burst of loss): start a new fill
      // there instead of concealing our way through the gap and keeping its delay forever.
      this.stats.lost += lowest - next;
      this.next = lowest;
      this.filling = this.held.size < this.options.depth;
      return this.filling ? null : this.pop();
    }
    this.stats.lost += 1;
    this.next = next + 1;
    return null;
  }

  /** Forgets everything held: the sender started a new stream (another SSRC). */
  reset(): void {
    this.held.clear();
    this.highest = null;
    this.next = null;
    this.filling = true;
    this.stats.resyncs += 1;
  }

  /** RFC 3550 appendix A.1: extend 16-bit sequence numbers across wrap-around. */
  private extend(sequence: number): number {
    if (this.highest === null) {
      this.highest = sequence;
      return sequence;
    }
    const delta = (((sequence - this.highest) & 0xffff) << 16) >> 16; // signed 16-bit distance
    let extended = this.highest + delta;
    if (Math.abs(delta) > RESTART_DISTANCE) {
      this.reset();
      this.highest = sequence;
      extended = sequence;
    }
    if (extended > this.highest) this.highest = extended;
    return extended;
  }

  private dropOldest(): void {
    while (this.held.size > this.options.depth) {
      this.held.delete(this.lowestHeld());
      this.stats.overflow += 1;
    }
    this.next = this.lowestHeld();
  }

  private lowestHeld(): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const sequence of this.held.keys()) if (sequence < lowest) lowest = sequence;
    return lowest;
  }
}
