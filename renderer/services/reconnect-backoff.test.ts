import { describe, expect, it } from 'vitest';
import { createBackoff } from './reconnect-backoff.js';

describe('reconnection backoff', () => {
  it('doubles from the first delay up to the cap, and starts over after a success', () => {
    const backoff = createBackoff({ firstMs: 500, maxMs: 4_000, jitter: 0 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });

  it('randomises only the jitter share of each delay', () => {
    const low = createBackoff({ firstMs: 1_000, jitter: 0.2, random: () => 0 });
    const high = createBackoff({ firstMs: 1_000, jitter: 0.2, random: () => 1 });
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1_000);
  });
});
