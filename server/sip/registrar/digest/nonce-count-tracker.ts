/**
 * The replay guard: remembers, for each nonce that has carried valid credentials, the highest nonce-count
 * seen with it, in bounded memory.
 *
 * RFC 2617 section 3.2.2: "The purpose of this directive is to allow the server to detect request replays
 * by maintaining its own copy of this count - if the same nc-value is seen twice, then the request is a
 * replay."
 *
 * Forgetting must never re-open a replay: every nonce that leaves the table raises a watermark to its issue
 * time, and a nonce that is not in the table but was issued at or before the watermark is reported as
 * `forgotten`, which the verifier answers with a fresh (stale) challenge instead of accepting it. Under
 * memory pressure clients therefore see an extra challenge, never an accepted replay.
 */
import { BoundedLruMap } from '../../protection/bounded-lru-map.js';

export type NonceCountVerdict = 'accepted' | 'replayed' | 'forgotten';

interface TrackedNonce {
  highestCount: number;
  readonly issuedAt: number;
}

export class NonceCountTracker {
  readonly #nonces: BoundedLruMap<string, TrackedNonce>;
  #forgottenUpTo = Number.NEGATIVE_INFINITY;

  constructor(
    capacity: number,
    private readonly lifetimeMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError(`maxTrackedNonces must be a positive integer, got ${capacity}`);
    }
    this.#nonces = new BoundedLruMap(capacity, (_nonce, tracked) => this.#forget(tracked));
  }

  get size(): number {
    return this.#nonces.size;
  }

  /**
   * Records that `nonce` (issued at `issuedAt`) carried valid credentials with nonce-count `count`; accepted
   * only if the count is higher than any seen before with that nonce. Requests without qop pass count 0,
   * which makes such a nonce single-use.
   */
  record(nonce: string, issuedAt: number, count: number, now: number): NonceCountVerdict {
    this.#dropExpired(now);
    const tracked = this.#nonces.get(nonce);
    if (tracked === undefined) {
      if (issuedAt <= this.#forgottenUpTo) return 'forgotten';
      this.#nonces.set(nonce, { highestCount: count, issuedAt });
      return 'accepted';
    }
    if (count <= tracked.highestCount) return 'replayed';
    tracked.highestCount = count;
    return 'accepted';
  }

  /** Expired nonces are answered as stale before they get here; drop them from the least recent end. */
  #dropExpired(now: number): void {
    for (let oldest = this.#nonces.oldest(); oldest !== undefined; oldest = this.#nonces.oldest()) {
      if (now - oldest.value.issuedAt <= this.lifetimeMs) return;
      this.#nonces.delete(oldest.key);
      this.#forget(oldest.value);
    }
  }

  #forget(tracked: TrackedNonce): void {
    this.#forgottenUpTo = Math.max(this.#forgottenUpTo, tracked.issuedAt);
  }
}
