/**
 * The health state machine of one Microsoft proxy (diagram on `ProxyHealth`). It counts probe
 * outcomes in a row and moves through one `transition()` that refuses illegal moves, logs and emits.
 */
import type { Logger } from '../../shared/logger.js';
import { ProxyHealth, type ProbeOutcome, type ProxyStatus } from './direct-routing-types.js';

const LEGAL: Record<ProxyHealth, readonly ProxyHealth[]> = {
  [ProxyHealth.Unknown]: [ProxyHealth.Active, ProxyHealth.Warning, ProxyHealth.Down],
  [ProxyHealth.Active]: [ProxyHealth.Warning, ProxyHealth.Down],
  [ProxyHealth.Warning]: [ProxyHealth.Active, ProxyHealth.Down],
  [ProxyHealth.Down]: [ProxyHealth.Active],
};

export interface ProxyHealthTrackerOptions {
  tenant: string;
  proxy: string;
  /** Probes in a row without a 2xx before the proxy is Down (1 means Down at once). */
  downAfterFailures: number;
  logger: Logger;
  onChange?: (status: ProxyStatus, previous: ProxyHealth) => void;
  now?: () => number;
}

export class ProxyHealthTracker {
  private state = ProxyHealth.Unknown;
  private failures = 0;
  private lastAnsweredAt: number | null = null;
  private lastStatus: number | null = null;
  private lastRoundTripMs: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: ProxyHealthTrackerOptions) {
    if (!Number.isInteger(options.downAfterFailures) || options.downAfterFailures < 1) {
      throw new TypeError(`downAfterFailures must be a positive integer, got ${options.downAfterFailures}`);
    }
    this.now = options.now ?? Date.now;
  }

  get health(): ProxyHealth {
    return this.state;
  }

  /** Feeds the outcome of one OPTIONS probe. */
  record(outcome: ProbeOutcome): void {
    if (outcome.answered) {
      this.lastStatus = outcome.status;
      this.lastAnsweredAt = this.now();
      this.lastRoundTripMs = outcome.roundTripMs;
    }
    if (outcome.answered && outcome.status >= 200 && outcome.status < 300) {
      this.failures = 0;
      if (this.state !== ProxyHealth.Active)
        this.transition(ProxyHealth.Active, `answered ${outcome.status}`);
      return;
    }
    this.failures++;
    const reason = outcome.answered ? `answered ${outcome.status}` : outcome.reason;
    if (this.failures >= this.options.downAfterFailures) {
      if (this.state !== ProxyHealth.Down) this.transition(ProxyHealth.Down, reason);
    } else if (this.state !== ProxyHealth.Warning) {
      this.transition(ProxyHealth.Warning, reason);
    }
  }

  get status(): ProxyStatus {
    return {
      tenant: this.options.tenant,
      proxy: this.options.proxy,
      health: this.state,
      consecutiveFailures: this.failures,
      lastAnsweredAt: this.lastAnsweredAt,
      lastStatus: this.lastStatus,
      lastRoundTripMs: this.lastRoundTripMs,
    };
  }

  private transition(to: ProxyHealth, reason: string): void {
    const from = this.state;
    if (!LEGAL[from].includes(to)) {
      // Unreachable through record(); kept so that a future caller cannot skip a state silently.
      this.options.logger.error({ proxy: this.options.proxy, from, to }, 'illegal proxy health transition');
      return;
    }
    this.state = to;
    const log = to === ProxyHealth.Active ? 'info' : 'warn';
    this.options.logger[log](
      { tenant: this.options.tenant, proxy: this.options.proxy, from, to, reason, failures: this.failures },
      'Teams proxy health changed',
    );
    try {
      this.options.onChange?.(this.status, from);
    } catch (error) {
      this.options.logger.error({ err: error }, 'proxy health listener failed');
    }
  }
}
