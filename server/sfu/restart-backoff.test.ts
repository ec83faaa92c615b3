import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestartBackoff, restartDelay } from './restart-backoff.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('restart backoff', () => {
  it('doubles from the initial delay up to the ceiling', () => {
    const delays = [0, 1, 2, 3, 4, 5, 50].map((failures) =>
      restartDelay(failures, { initialDelayMs: 250, maxDelayMs: 3000 }),
    );
    expect(delays).toEqual([250, 500, 1000, 2000, 3000, 3000, 3000]);
  });

  it('counts failures in a row and forgets them after a stable run', () => {
    vi.useFakeTimers();
    const backoff = new RestartBackoff({ initialDelayMs: 100, maxDelayMs: 1000, stableAfterMs: 5000 });
    expect([backoff.nextDelay(), backoff.nextDelay(), backoff.nextDelay()]).toEqual([100, 200, 400]);
    backoff.markReady();
    vi.advanceTimersByTime(4999);
    expect(backoff.nextDelay()).toBe(800); // crashed again before the stable period ended
    backoff.markReady();
    vi.advanceTimersByTime(5000);
    expect(backoff.consecutiveFailures).toBe(0);
    expect(backoff.nextDelay()).toBe(100);
  });
});
