/**
 * Calls back once per 20 ms frame without drifting: tick n is due at start + n * 20 ms, and each
 * timer is set for the next due time measured from the start, never "20 ms from now", so timer
 * lateness does not add up (setInterval's would). A tick that comes late by a frame or two is
 * caught up at once; after a longer stall (a blocked event loop) the missed frames are skipped and
 * one tick reports how many frames it covers, so RTP timestamps still tell the truth.
 */
import { FRAME_MS } from './mix-bus.js';

/** Monotonic time and timers; tests and benchmarks may pass their own. */
export interface TickerClock {
  /** Milliseconds from an arbitrary origin, monotonic (performance.now()). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: TickerClock = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface FrameTickerOptions {
  clock?: TickerClock;
  frameMs?: number;
  /** Behind by more frames than this, skip instead of catching up (default 5, 100 ms). */
  maxCatchUpFrames?: number;
}

/** Called with the number of frames this tick stands for: 1, or more after a skipped stall. */
export type TickCallback = (frames: number) => void;

export class FrameTicker {
  private readonly clock: TickerClock;
  private readonly frameMs: number;
  private readonly maxCatchUpFrames: number;
  private startedAt = 0;
  /** Frames produced since start. */
  private produced = 0;
  private timer: unknown = null;
  private running = false;
  private skipped = 0;

  constructor(
    private readonly onTick: TickCallback,
    options: FrameTickerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.frameMs = options.frameMs ?? FRAME_MS;
    this.maxCatchUpFrames = options.maxCatchUpFrames ?? 5;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Frames skipped after stalls, in total. */
  get skippedFrames(): number {
    return this.skipped;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.clock.now();
    this.produced = 0;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const due = this.startedAt + (this.produced + 1) * this.frameMs;
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, due - this.clock.now()));
  }

  private run(): void {
    this.timer = null;
    if (!this.running) return;
    try {
      const owed = Math.floor((this.clock.now() - this.startedAt) / this.frameMs) - this.produced;
      if (owed > this.maxCatchUpFrames) {
        this.skipped += owed - 1;
        this.produced += owed;
        this.onTick(owed);
      } else {
        for (let frame = 0; frame < owed && this.running; frame += 1) {
          this.produced += 1;
          this.onTick(1);
        }
      }
    } finally {
      // A callback that throws must not stop the clock: the next frame is still due.
      if (this.running) this.schedule();
    }
  }
}
