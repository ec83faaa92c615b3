import { describe, expect, it } from 'vitest';
import { FrameTicker, type TickerClock } from './frame-ticker.js';

/** A clock whose timers fire when the test advances time, each `lateMs` after it was due. */
class ManualClock implements TickerClock {
  time = 1000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(private readonly lateMs: () => number = () => 0) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = (this.nextId += 1);
    this.timers.push({ at: this.time + delayMs + this.lateMs(), callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  advanceTo(time: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const timer = this.timers[0];
      if (!timer || timer.at > time) break;
      this.timers.shift();
      this.time = Math.max(this.time, timer.at);
      timer.callback();
    }
    this.time = time;
  }
}

describe('frame ticker', () => {
  it('does not drift when every timer fires late', () => {
    let lateness = 0;
    const clock = new ManualClock(() => (lateness = (lateness + 1.7) % 4));
    const ticks: number[] = [];
    const ticker = new FrameTicker((frames) => ticks.push(frames), { clock });
    ticker.start();
    clock.advanceTo(1000 + 60_000); // one minute
    ticker.stop();
    // setInterval with timers 0-4 ms late would have lost about 100 frames in a minute.
    expect(ticks.reduce((sum, frames) => sum + frames, 0)).toBeGreaterThanOrEqual(2999);
    expect(ticks.every((frames) => frames === 1)).toBe(true);
  });

  it('skips a long stall with one tick that says how many frames it covers', () => {
    const clock = new ManualClock();
    const ticks: number[] = [];
    const ticker = new FrameTicker((frames) => ticks.push(frames), { clock, maxCatchUpFrames: 5 });
    ticker.start();
    clock.advanceTo(1000 + 40);
    expect(ticks).toEqual([1, 1]);
    clock.time += 500; // the event loop was blocked for half a second
    clock.advanceTo(clock.time);
    expect(ticks).toEqual([1, 1, 25]);
    expect(ticker.skippedFrames).toBe(24);
    clock.advanceTo(1000 + 600);
    expect(ticks.reduce((sum, frames) => sum + frames, 0)).toBe(30);
    ticker.stop();
  });

  it('keeps ticking after a callback throws', () => {
    const clock = new ManualClock();
    let ticks = 0;
    const ticker = new FrameTicker(
      () => {
        ticks += 1;
        throw new Error('boom');
      },
      { clock },
    );
    ticker.start();
    for (let time = 1020; time <= 1100; time += 20) expect(() => clock.advanceTo(time)).toThrow('boom');
    expect(ticks).toBe(5);
    ticker.stop();
  });

  it('catches up a short delay frame by frame, and stops for good', () => {
    const clock = new ManualClock();
    const ticks: number[] = [];
    const ticker = new FrameTicker((frames) => ticks.push(frames), { clock });
    ticker.start();
    clock.time += 65;
    clock.advanceTo(clock.time);
    expect(ticks).toEqual([1, 1, 1]);
    ticker.stop();
    ticker.stop();
    clock.advanceTo(clock.time + 1000);
    expect(ticks).toHaveLength(3);
    expect(ticker.isRunning).toBe(false);
  });
});
