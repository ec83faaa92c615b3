import type { HealthReport } from '../../../server/api/health-types.js';
import type { SliceUpdater } from '../slice-types.js';
import type { ComponentEntry, HealthProblem, HealthState } from './initial-state.js';

/** The outcome of one `GET /healthz`, as the health service classifies it. */
export type HealthCheckResult =
  | { readonly kind: 'healthy'; readonly report: HealthReport; readonly checkedAt: number }
  | { readonly kind: 'degraded'; readonly report: HealthReport; readonly checkedAt: number }
  | { readonly kind: 'unreachable'; readonly problem: HealthProblem; readonly checkedAt: number };

export interface HealthActions {
  recordHealthCheck(result: HealthCheckResult): void;
}

function componentEntries(report: HealthReport): ComponentEntry[] {
  return Object.entries(report.components)
    .map(([name, component]) => ({ name, status: component.status, detail: component.detail ?? null }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The health state after a check, whatever the state before it. */
export function healthAfterCheck(previous: HealthState, result: HealthCheckResult): HealthState {
  if (result.kind === 'unreachable') {
    return {
      ...previous,
      status: 'unreachable',
      problem: result.problem,
      uptimeSeconds: null,
      components: [],
      lastCheckedAt: result.checkedAt,
    };
  }
  const { report } = result;
  return {
    status: result.kind,
    problem: null,
    version: report.version,
    node: report.node,
    uptimeSeconds: report.uptimeSeconds,
    components: componentEntries(report),
    lastCheckedAt: result.checkedAt,
  };
}

export function createHealthActions(update: SliceUpdater<HealthState>): HealthActions {
  return {
    recordHealthCheck: (result) => update((health) => healthAfterCheck(health, result)),
  };
}
