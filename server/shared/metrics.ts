/**
 * The Prometheus registry of one Tandem process. Modules register their own counters and gauges
 * on it; `/metrics` renders it in the text exposition format.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export type MetricsRegistry = Registry;

export function createMetricsRegistry(labels: { node: string; version: string }): MetricsRegistry {
  const registry = new Registry();
  registry.setDefaultLabels({ node: labels.node });
  collectDefaultMetrics({ register: registry, prefix: 'tandem_' });
  new Gauge({
    name: 'tandem_build_info',
    help: 'Always 1; the labels tell which Tandem version runs',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version: labels.version }, 1);
  return registry;
}
