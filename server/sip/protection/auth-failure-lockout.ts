/**
 * Locks a key out after repeated failed authentications: `maxFailures` within a sliding `windowMs` lock it
 * for `lockoutMs`. Use one instance keyed by source IP and another keyed by user name (with its own,
 * usually higher, thresholds), so that neither a password-guessing host nor a guessed-at account goes
 * unchecked.
 *
 * Memory is bounded by `maxTrackedKeys` (least recently seen forgotten first). A key under attack stays
 * recent because every check and failure touches it; an attacker who cycles through more than
 * `maxTrackedKeys` keys can shorten other keys' lock-outs, never extend them.
 *
 * Caution for the source-IP instance: many phones behind one NAT share an address, so one misconfigured
 * phone can lock out the whole office; choose its thresholds accordingly.
 */
import type { AuthFailureLockoutOptions } from './auth-failure-lockout-options.js';
import { BoundedLruMap } from './bounded-lru-map.js';

interface FailureRecord {
  /** Times of the most recent failures inside the window, oldest first, at most `maxFailures`. */
  failures: number[];
  lockedUntil: number;
}

export class AuthFailureLockout {
  readonly #records: BoundedLruMap<string, FailureRecord>;
  readonly #options: AuthFailureLockoutOptions;

  constructor(options: AuthFailureLockoutOptions) {
    for (const name of ['maxFailures', 'windowMs', 'lockoutMs'] as const) {
      if (!(options[name] > 0) || !Number.isFinite(options[name])) {
        throw new TypeError(`${name} must be a positive number, got ${options[name]}`);
      }
    }
    this.#options = options;
    this.#records = new BoundedLruMap(options.maxTrackedKeys);
  }

  /** How many keys are tracked now (never more than `maxTrackedKeys`). */
  get trackedKeys(): number {
    return this.#records.size;
  }

  isLocked(key: string, now: number): boolean {
    return this.lockedUntil(key, now) !== undefined;
  }

  /** When the lock-out of `key` ends, or undefined if it is not locked (useful for a Retry-After). */
  lockedUntil(key: string, now: number): number | undefined {
    const record = this.#records.get(key);
    return record !== undefined && record.lockedUntil > now ? record.lockedUntil : undefined;
  }

  /** Counts a failed authentication; true when `key` is locked out after it. */
  recordFailure(key: string, now: number): boolean {
    const record = this.#records.get(key) ?? { failures: [], lockedUntil: 0 };
    this.#records.set(key, record);
    if (record.lockedUntil > now) return true;

    const windowStart = now - this.#options.windowMs;
    record.failures = record.failures.filter((time) => time > windowStart);
    record.failures.push(now);
    if (record.failures.length > this.#options.maxFailures) record.failures.shift();
    if (record.failures.length >= this.#options.maxFailures) {
      record.lockedUntil = now + this.#options.lockoutMs;
      record.failures = [];
      return true;
    }
    return false;
  }

  /**
   * A successful authentication clears the failure count. It does not lift a lock-out in progress: callers
   * check `isLocked` before verifying credentials, so a success while locked means a race, not proof.
   */
  recordSuccess(key: string, now: number): void {
    const record = this.#records.get(key);
    if (record === undefined) return;
    if (record.lockedUntil > now) record.failures = [];
    else this.#records.delete(key);
  }
}
