/**
 * The OPTIONS keep-alive of the Direct Routing trunk: every `intervalMs` (60 s by default) each
 * tenant probes each Microsoft proxy and feeds the outcome to that proxy's health tracker.
 *
 * Microsoft's Direct Routing documentation (as summarised in DESIGN.md): the SBC sends OPTIONS about
 * every 60 s, and Microsoft treats an SBC that stops sending them as unhealthy.
 * The first probe goes out at start so that health is known before the first call.
 * A probe still in flight when its next turn comes is not doubled: that turn is skipped.
 */
import type { Logger } from '../../shared/logger.js';
import type {
  DirectRoutingStatusSource,
  ProbeOutcome,
  ProxyAddress,
  ProxyHealth,
  ProxyStatus,
} from './direct-routing-types.js';
import { ProxyHealthTracker } from './proxy-health-tracker.js';

/** Sends one OPTIONS from `tenant` (its SBC FQDN) to `proxy`; never rejects. */
export type OptionsProbe = (tenant: string, proxy: ProxyAddress) => Promise<ProbeOutcome>;

export interface OptionsKeepAliveOptions {
  tenants: readonly string[];
  proxies: readonly ProxyAddress[];
  intervalMs: number;
  downAfterFailures: number;
  probe: OptionsProbe;
  logger: Logger;
  onHealthChange?: (status: ProxyStatus, previous: ProxyHealth) => void;
  now?: () => number;
}

interface ProbeSlot {
  readonly tenant: string;
  readonly proxy: ProxyAddress;
  readonly tracker: ProxyHealthTracker;
  timer: NodeJS.Timeout | null;
  inFlight: boolean;
}

export class OptionsKeepAlive implements DirectRoutingStatusSource {
  private readonly slots: ProbeSlot[];
  private running = false;

  constructor(private readonly options: OptionsKeepAliveOptions) {
    if (!(options.intervalMs > 0))
      throw new TypeError(`intervalMs must be positive, got ${options.intervalMs}`);
    this.slots = options.tenants.flatMap((tenant) =>
      options.proxies.map((proxy) => ({
        tenant,
        proxy,
        timer: null,
        inFlight: false,
        tracker: new ProxyHealthTracker({
          tenant,
          proxy: proxy.name,
          downAfterFailures: options.downAfterFailures,
          logger: options.logger,
          onChange: options.onHealthChange,
          now: options.now,
        }),
      })),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const slot of this.slots) this.tick(slot);
  }

  /** Idempotent; probes in flight finish but are not recorded. */
  stop(): void {
    this.running = false;
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
    }
  }

  proxyStatuses(): ProxyStatus[] {
    return this.slots.map((slot) => slot.tracker.status);
  }

  /** Health of one tenant's proxies, in configured order (for failover). */
  healthOf(tenant: string): Map<string, ProxyHealth> {
    return new Map(
      this.slots
        .filter((slot) => slot.tenant === tenant)
        .map((slot) => [slot.proxy.name, slot.tracker.health]),
    );
  }

  private tick(slot: ProbeSlot): void {
    if (!this.running) return;
    slot.timer = setTimeout(() => this.tick(slot), this.options.intervalMs);
    if (slot.inFlight) {
      this.options.logger.debug(
        { tenant: slot.tenant, proxy: slot.proxy.name },
        'previous OPTIONS still pending',
      );
      return;
    }
    slot.inFlight = true;
    this.options
      .probe(slot.tenant, slot.proxy)
      .catch((error: unknown): ProbeOutcome => ({ answered: false, reason: String(error) }))
      .then((outcome) => {
        slot.inFlight = false;
        if (this.running) slot.tracker.record(outcome);
      });
  }
}
