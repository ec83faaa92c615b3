/**
 * Direct Routing health in /metrics: one `tandem_teams_proxy_health` series per tenant, proxy and
 * state, 1 for the current state and 0 for the others (the Prometheus way to expose an enum), and
 * the round trip of the last answered OPTIONS.
 */
import { Gauge } from 'prom-client';
import type { MetricsRegistry } from '../../shared/metrics.js';
import { ProxyHealth, type DirectRoutingStatusSource } from './direct-routing-types.js';

export function exportDirectRoutingMetrics(
  metrics: MetricsRegistry,
  source: DirectRoutingStatusSource,
): void {
  new Gauge({
    name: 'tandem_teams_proxy_health',
    help: 'Health of each Microsoft SIP proxy per tenant, from the OPTIONS keep-alive (1 = current state)',
    labelNames: ['tenant', 'proxy', 'state'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const status of source.proxyStatuses()) {
        for (const state of Object.values(ProxyHealth)) {
          this.set({ tenant: status.tenant, proxy: status.proxy, state }, status.health === state ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'tandem_teams_proxy_options_round_trip_seconds',
    help: 'Round trip of the last answered OPTIONS to each Microsoft SIP proxy',
    labelNames: ['tenant', 'proxy'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const status of source.proxyStatuses()) {
        if (status.lastRoundTripMs === null) continue;
        this.set({ tenant: status.tenant, proxy: status.proxy }, status.lastRoundTripMs / 1000);
      }
    },
  });
  new Gauge({
    name: 'tandem_teams_proxy_consecutive_failures',
    help: 'OPTIONS probes in a row that each Microsoft SIP proxy did not answer with 2xx',
    labelNames: ['tenant', 'proxy'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const status of source.proxyStatuses()) {
        this.set({ tenant: status.tenant, proxy: status.proxy }, status.consecutiveFailures);
      }
    },
  });
}
