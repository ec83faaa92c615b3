/**
 * How long to wait before the next attempt to reconnect: doubling from `firstMs` up to `maxMs`, with up to
 * `jitter` of it randomised so that many agents do not all come back in the same instant after a server
 * restart. Attempts never stop while the agent is signed in: a contact-center client must come back by itself.
 */
export interface BackoffOptions {
  readonly firstMs?: number;
  readonly maxMs?: number;
  /** 0..1: the share of each delay that is random. */
  readonly jitter?: number;
  readonly random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt; each call counts one failed attempt. */
  next(): number;
  /** A connection succeeded: the next failure starts from `firstMs` again. */
  reset(): void;
  readonly attempts: number;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const firstMs = options.firstMs ?? 500;
  const maxMs = options.maxMs ?? 8_000;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  const random = options.random ?? Math.random;
  let attempts = 0;
  return {
    next() {
      const base = Math.min(maxMs, firstMs * 2 ** Math.min(attempts, 30));
      attempts += 1;
      return Math.round(base * (1 - jitter) + base * jitter * random());
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
