/**
 * A token bucket per source (usually the source IP address) in bounded memory.
 *
 * Each source starts with `burst` tokens; a request takes one, and tokens come back at `ratePerSecond` up to
 * `burst`. When more than `maxTrackedSources` sources are active, the least recently seen one is forgotten
 * and starts again with a full bucket if it returns: a source that keeps sending stays recent and so keeps
 * its (empty) bucket, which is what matters against a flood.
 */
import { BoundedLruMap } from './bounded-lru-map.js';
import type { SourceRateLimiterOptions } from './source-rate-limiter-options.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class SourceRateLimiter {
  readonly #buckets: BoundedLruMap<string, Bucket>;
  readonly #ratePerMs: number;
  readonly #burst: number;

  constructor(options: SourceRateLimiterOptions) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new TypeError(`ratePerSecond must be a positive number, got ${options.ratePerSecond}`);
    }
    if (!(options.burst >= 1) || !Number.isFinite(options.burst)) {
      throw new TypeError(`burst must be at least 1, got ${options.burst}`);
    }
    this.#ratePerMs = options.ratePerSecond / 1000;
    this.#burst = options.burst;
    this.#buckets = new BoundedLruMap(options.maxTrackedSources);
  }

  /** How many sources are tracked now (never more than `maxTrackedSources`). */
  get trackedSources(): number {
    return this.#buckets.size;
  }

  /**
   * Takes `cost` tokens from `key`'s bucket at time `now` (milliseconds, any monotonic origin); false when
   * the source is over its rate and the request should be dropped.
   */
  allow(key: string, now: number, cost = 1): boolean {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, updatedAt: now };
      this.#buckets.set(key, bucket);
    } else if (now > bucket.updatedAt) {
      // A clock that goes backwards refills nothing rather than failing.
      bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updatedAt) * this.#ratePerMs);
      bucket.updatedAt = now;
    }
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  /** Forgets a source, e.g. once it has authenticated and moved to a trusted path. */
  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
