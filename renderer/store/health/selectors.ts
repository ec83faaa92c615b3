import type { HealthState } from './initial-state.js';

interface WithHealth {
  readonly health: HealthState;
}

export const selectHealthStatus = (state: WithHealth) => state.health.status;
export const selectHealthProblem = (state: WithHealth) => state.health.problem;
export const selectServerVersion = (state: WithHealth) => state.health.version;
export const selectServerNode = (state: WithHealth) => state.health.node;
export const selectServerUptimeSeconds = (state: WithHealth) => state.health.uptimeSeconds;
export const selectComponents = (state: WithHealth) => state.health.components;
export const selectLastCheckedAt = (state: WithHealth) => state.health.lastCheckedAt;

/** True once the server has answered with a health report (healthy or degraded). */
export const selectServerAnswers = (state: WithHealth) =>
  state.health.status === 'healthy' || state.health.status === 'degraded';

/** Components that are not `ok`, for a summary line. */
export const selectComponentsNotOk = (state: WithHealth) =>
  state.health.components.filter((component) => component.status !== 'ok');
