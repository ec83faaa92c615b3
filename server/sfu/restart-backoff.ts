/**
 * Exponential restart delays with a ceiling: the first restart comes quickly, a process that keeps
 * dying is retried less and less often but never abandoned, and a run that stays up for
 * `stableAfterMs` wipes the slate clean.
 */
export interface RestartBackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that stays ready this long resets the delay to `initialDelayMs`. */
  stableAfterMs: number;
}

export class RestartBackoff {
  private failures = 0;
  private stableTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: RestartBackoffOptions) {}

  /** Restarts in a row without a stable run in between. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** The delay before the next restart; each call counts one more failure. */
  nextDelay(): number {
    this.cancelStableTimer();
    const delay = restartDelay(this.failures, this.options);
    this.failures += 1;
    return delay;
  }

  /** The process became ready: forget the failures once it has stayed up for the stable period. */
  markReady(): void {
    this.cancelStableTimer();
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      this.failures = 0;
    }, this.options.stableAfterMs);
    this.stableTimer.unref();
  }

  cancelStableTimer(): void {
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }
}

/** `initialDelayMs * 2^failures`, capped at `maxDelayMs`. */
export function restartDelay(
  failures: number,
  options: Pick<RestartBackoffOptions, 'initialDelayMs' | 'maxDelayMs'>,
) {
  const exponent = Math.min(Math.max(failures, 0), 30);
  return Math.min(options.initialDelayMs * 2 ** exponent, options.maxDelayMs);
}
