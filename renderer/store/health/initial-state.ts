import type { ComponentStatus } from '../../../server/api/health-types.js';

/**
 * What the client knows about the server's health, from the latest `GET /healthz`.
 *
 * ```
 *   unknown --first check--> healthy | degraded | unreachable
 *
 *   healthy <--> degraded <--> unreachable <--> healthy
 * ```
 * Every check moves to whatever its answer says, from any state, so the client never stays stuck on an old
 * state; nothing returns to `unknown`.
 */
export type ServerHealthStatus = 'unknown' | 'healthy' | 'degraded' | 'unreachable';

/** Why the server counts as unreachable. */
export type HealthProblem = 'timeout' | 'network-error' | 'unexpected-response';

export interface ComponentEntry {
  readonly name: string;
  readonly status: ComponentStatus;
  readonly detail: string | null;
}

export interface HealthState {
  readonly status: ServerHealthStatus;
  /** Set while unreachable. */
  readonly problem: HealthProblem | null;
  /** The version of the server last heard from; kept while it is unreachable. */
  readonly version: string | null;
  readonly node: string | null;
  readonly uptimeSeconds: number | null;
  /** Sorted by name; empty when the server is unreachable, because then nobody knows. */
  readonly components: readonly ComponentEntry[];
  /** Epoch milliseconds of the latest completed check. */
  readonly lastCheckedAt: number | null;
}

export const initialHealthState: HealthState = {
  status: 'unknown',
  problem: null,
  version: null,
  node: null,
  uptimeSeconds: null,
  components: [],
  lastCheckedAt: null,
};
