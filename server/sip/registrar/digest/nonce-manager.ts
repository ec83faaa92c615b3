/**
 * Stateless, expiring nonces, and the replay guard over their nonce-counts.
 *
 * RFC 2617 section 3.2.1 suggests a nonce built from a time stamp and a hash over it and a server secret:
 * "With a nonce of this form a server would recalculate the hash portion after receiving the client
 * authentication header and reject the request if it did not match the nonce from that header or if the
 * time-stamp value is not recent enough." We do exactly that, with an HMAC in place of the plain hash:
 *
 *   nonce = base64url( version(1) | issuedAt ms (6, big-endian) | random (12) | HMAC-SHA-256(secret,
 *           version | issuedAt | random | realm) truncated to 16 bytes )
 *
 * No state is kept per challenge, so a flood of unauthenticated requests costs no memory; state is kept only
 * for nonces that carried valid credentials (see `NonceCountTracker`).
 */
import { createHmac, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { NonceCountTracker, type NonceCountVerdict } from './nonce-count-tracker.js';
import type { NonceManagerOptions } from './nonce-manager-options.js';

const VERSION = 1;
const TIME_BYTES = 6;
const RANDOM_BYTES = 12;
const MAC_BYTES = 16;
const PAYLOAD_BYTES = 1 + TIME_BYTES + RANDOM_BYTES;
const NONCE_BYTES = PAYLOAD_BYTES + MAC_BYTES;
const NONCE_TEXT = /^[A-Za-z0-9_-]{47}$/;
/** A nonce "from the future" by more than this means the clock was set back: challenge again. */
const MAX_CLOCK_SKEW_MS = 30_000;

export const DEFAULT_NONCE_LIFETIME_MS = 300_000;
export const DEFAULT_MAX_TRACKED_NONCES = 100_000;

/**
 * `valid`: issued by us for this realm and recent. `stale`: genuine but too old (RFC 2617 section 3.2.1,
 * answer with `stale=true` if the response is otherwise right). `invalid`: forged, garbled or another realm's.
 */
export type NonceCheck =
  | { readonly status: 'valid'; readonly issuedAt: number }
  | { readonly status: 'stale'; readonly issuedAt: number }
  | { readonly status: 'invalid' };

export class NonceManager {
  readonly lifetimeMs: number;
  readonly #secret: Uint8Array;
  readonly #now: () => number;
  readonly #randomBytes: (size: number) => Uint8Array;
  readonly #counts: NonceCountTracker;

  constructor(options: NonceManagerOptions = {}) {
    this.lifetimeMs = options.lifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS;
    if (!Number.isFinite(this.lifetimeMs) || this.lifetimeMs <= 0) {
      throw new TypeError(`lifetimeMs must be a positive number, got ${this.lifetimeMs}`);
    }
    this.#now = options.now ?? Date.now;
    this.#randomBytes = options.randomBytes ?? cryptoRandomBytes;
    this.#secret = options.secret ?? this.#randomBytes(32);
    if (this.#secret.length < 16) {
      throw new TypeError(`the nonce secret must be at least 16 bytes, got ${this.#secret.length}`);
    }
    this.#counts = new NonceCountTracker(
      options.maxTrackedNonces ?? DEFAULT_MAX_TRACKED_NONCES,
      this.lifetimeMs,
    );
  }

  /** A fresh nonce for a challenge in `realm`. */
  issue(realm: string): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeUInt8(VERSION, 0);
    payload.writeUIntBE(Math.max(0, Math.floor(this.#now())), 1, TIME_BYTES);
    const random = this.#randomBytes(RANDOM_BYTES);
    if (random.length !== RANDOM_BYTES) throw new TypeError('randomBytes returned the wrong number of bytes');
    payload.set(random, 1 + TIME_BYTES);
    return Buffer.concat([payload, this.#mac(payload, realm)]).toString('base64url');
  }

  /** Whether `nonce` is one we issued for `realm`, and whether it is still fresh. Never throws. */
  check(nonce: string, realm: string): NonceCheck {
    if (typeof nonce !== 'string' || !NONCE_TEXT.test(nonce)) return { status: 'invalid' };
    const bytes = Buffer.from(nonce, 'base64url');
    // Base64 decoding ignores stray low bits in the last character; only the canonical spelling is ours.
    if (bytes.length !== NONCE_BYTES || bytes.toString('base64url') !== nonce) return { status: 'invalid' };
    if (bytes.readUInt8(0) !== VERSION) return { status: 'invalid' };
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), this.#mac(payload, realm)))
      return { status: 'invalid' };

    const issuedAt = payload.readUIntBE(1, TIME_BYTES);
    const age = this.#now() - issuedAt;
    if (age > this.lifetimeMs || age < -MAX_CLOCK_SKEW_MS) return { status: 'stale', issuedAt };
    return { status: 'valid', issuedAt };
  }

  /**
   * Records a nonce-count that came with valid credentials; `replayed` when it does not exceed the highest
   * one already seen with this nonce (count 0 for requests without qop makes the nonce single-use).
   */
  recordNonceCount(nonce: string, issuedAt: number, count: number): NonceCountVerdict {
    return this.#counts.record(nonce, issuedAt, count, this.#now());
  }

  /** How many nonces the replay guard currently remembers. */
  get trackedNonces(): number {
    return this.#counts.size;
  }

  #mac(payload: Uint8Array, realm: string): Buffer {
    return createHmac('sha256', this.#secret)
      .update(payload)
      .update(realm, 'utf8')
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
