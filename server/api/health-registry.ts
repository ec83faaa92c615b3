/**
 * Collects the health of this node's components for `GET /healthz` and `/metrics`. Components are
 * registered by the composition root with a check that returns their state; a check that throws
 * counts as `down` with the error as detail.
 */
import { Gauge } from 'prom-client';
import type { MetricsRegistry } from '../shared/metrics.js';
import type { ComponentHealth, HealthReport } from './health-types.js';

export type HealthCheck = () => ComponentHealth;

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly startedAt = Date.now();

  constructor(private readonly identity: { node: string; version: string }) {}

  /** Exposes `tandem_component_up{component}` (1 ok, 0 otherwise), read at scrape time. */
  exportTo(metrics: MetricsRegistry): void {
    const report = () => this.report();
    new Gauge({
      name: 'tandem_component_up',
      help: 'Whether each component of this node is healthy (1) or not (0)',
      labelNames: ['component'],
      registers: [metrics],
      collect() {
        this.reset();
        for (const [component, health] of Object.entries(report().components)) {
          this.set({ component }, health.status === 'ok' ? 1 : 0);
        }
      },
    });
  }

  register(component: string, check: HealthCheck): void {
    this.checks.set(component, check);
  }

  report(): HealthReport {
    const components: Record<string, ComponentHealth> = {};
    for (const [name, check] of this.checks) {
      try {
        components[name] = check();
      } catch (error) {
        components[name] = { status: 'down', detail: (error as Error).message };
      }
    }
    const healthy = Object.values(components).every((component) => component.status === 'ok');
    return {
      status: healthy ? 'ok' : 'degraded',
      version: this.identity.version,
      node: this.identity.node,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      components,
    };
  }
}
