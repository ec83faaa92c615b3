import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './graph-presence-client.js';
import { retryDelayMs } from './retry-delay.js';

const backoff = { initialMs: 1_000, maxMs: 60_000 };

describe('presence poller retry delays', () => {
  it('doubles after each failure, up to the maximum, with half of it random', () => {
    const lowest = [1, 2, 3, 4, 8, 20].map((failures) => retryDelayMs(failures, null, backoff, () => 0));
    const highest = [1, 2, 3, 4, 8, 20].map((failures) =>
      retryDelayMs(failures, null, backoff, () => 0.999_999),
    );
    expect(lowest).toEqual([500, 1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(highest).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
  });

  it('never retries before a Retry-After', () => {
    expect(retryDelayMs(1, 5_000, backoff, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(10, 5_000, backoff, () => 0)).toBe(15_000);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', () => {
    const now = Date.UTC(2026, 0, 5, 9, 0, 0);
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
