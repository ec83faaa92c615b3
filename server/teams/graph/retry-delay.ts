/**
 * How long the presence poller waits after a failure: exponential back-off with "equal jitter"
 * (half the delay fixed, half random) so that many Tandem nodes hit by the same Graph outage do not
 * come back in step; a Retry-After from Graph (429 or 503) is honoured as a lower bound.
 */

export interface BackoffOptions {
  /** Delay after the first failure. */
  readonly initialMs: number;
  /** Delays never grow beyond this. */
  readonly maxMs: number;
}

/** `failures` counts the failures in a row, 1 for the first; `random` returns [0, 1). */
export function retryDelayMs(
  failures: number,
  retryAfterMs: number | null,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered / 2));
}
