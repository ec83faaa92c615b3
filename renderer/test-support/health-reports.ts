import type { HealthReport } from '../../server/api/health-types.js';

/** A server whose every component is up. */
export function healthyReport(overrides: Partial<HealthReport> = {}): HealthReport {
  return {
    status: 'ok',
    version: '0.1.0',
    node: 'tandem-1',
    uptimeSeconds: 3_725,
    components: {
      store: { status: 'ok', detail: 'SQLite, WAL' },
      http: { status: 'ok', detail: 'listening on 127.0.0.1:8080' },
    },
    ...overrides,
  };
}

/** A server whose media plane is still starting. */
export function degradedReport(): HealthReport {
  return healthyReport({
    status: 'degraded',
    components: {
      http: { status: 'ok' },
      media: { status: 'starting', detail: 'waiting for rtpengine' },
    },
  });
}
