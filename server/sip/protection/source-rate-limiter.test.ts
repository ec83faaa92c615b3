import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from './source-rate-limiter.js';

const allowedOf = (limiter: SourceRateLimiter, key: string, now: number, attempts: number) =>
  Array.from({ length: attempts }, () => limiter.allow(key, now)).filter(Boolean).length;

describe('SourceRateLimiter', () => {
  it('lets a quiet phone send a burst, then holds a flooding source to the sustained rate', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 10, burst: 20, maxTrackedSources: 100 });
    expect(allowedOf(limiter, '203.0.113.7', 0, 50)).toBe(20);
    // One second later, ten tokens have come back.
    expect(allowedOf(limiter, '203.0.113.7', 1000, 50)).toBe(10);
    expect(allowedOf(limiter, '203.0.113.7', 1100, 50)).toBe(1);
  });

  it('never refills beyond the burst, however long the source was quiet', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 10, burst: 5, maxTrackedSources: 100 });
    limiter.allow('a', 0);
    expect(allowedOf(limiter, 'a', 3_600_000, 50)).toBe(5);
  });

  it('keeps sources apart: one flooding address does not slow another', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1, burst: 2, maxTrackedSources: 100 });
    expect(allowedOf(limiter, 'attacker', 0, 100)).toBe(2);
    expect(limiter.allow('office', 0)).toBe(true);
  });

  it('charges a larger cost for expensive requests', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1, burst: 10, maxTrackedSources: 10 });
    expect(limiter.allow('a', 0, 8)).toBe(true);
    expect(limiter.allow('a', 0, 8)).toBe(false);
    expect(limiter.allow('a', 0, 2)).toBe(true);
  });

  it('refills nothing when the clock goes backwards', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1, burst: 1, maxTrackedSources: 10 });
    expect(limiter.allow('a', 10_000)).toBe(true);
    expect(limiter.allow('a', 5_000)).toBe(false);
    expect(limiter.allow('a', 10_500)).toBe(false);
    expect(limiter.allow('a', 11_000)).toBe(true);
  });

  it('stays within its memory cap with a million distinct sources, and keeps throttling the busy one', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1, burst: 1, maxTrackedSources: 10_000 });
    expect(limiter.allow('busy', 0)).toBe(true);
    for (let index = 0; index < 1_000_000; index += 1) {
      limiter.allow(`10.${(index >> 16) & 0xff}.${(index >> 8) & 0xff}.${index & 0xff}`, 0);
      if (index % 1000 === 0) expect(limiter.allow('busy', 0)).toBe(false);
    }
    expect(limiter.trackedSources).toBe(10_000);
  });

  it('refuses options that would make no sense', () => {
    expect(() => new SourceRateLimiter({ ratePerSecond: 0, burst: 1, maxTrackedSources: 1 })).toThrow(
      TypeError,
    );
    expect(() => new SourceRateLimiter({ ratePerSecond: 1, burst: 0, maxTrackedSources: 1 })).toThrow(
      TypeError,
    );
    expect(() => new SourceRateLimiter({ ratePerSecond: 1, burst: 1, maxTrackedSources: 0 })).toThrow(
      TypeError,
    );
  });
});
