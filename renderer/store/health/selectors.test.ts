import { describe, expect, it } from 'vitest';
import { degradedReport, healthyReport } from '../../test-support/health-reports.js';
import { createTandemStore } from '../store.js';
import {
  selectComponents,
  selectComponentsNotOk,
  selectHealthProblem,
  selectHealthStatus,
  selectLastCheckedAt,
  selectServerAnswers,
  selectServerNode,
  selectServerUptimeSeconds,
  selectServerVersion,
} from './selectors.js';

describe('health selectors', () => {
  it('read what a healthy server reported', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'healthy', report: healthyReport(), checkedAt: 42 });
    const state = store.getState();

    expect(selectHealthStatus(state)).toBe('healthy');
    expect(selectHealthProblem(state)).toBeNull();
    expect(selectServerVersion(state)).toBe('0.1.0');
    expect(selectServerNode(state)).toBe('tandem-1');
    expect(selectServerUptimeSeconds(state)).toBe(3_725);
    expect(selectComponents(state).map((component) => component.name)).toEqual(['http', 'store']);
    expect(selectLastCheckedAt(state)).toBe(42);
    expect(selectServerAnswers(state)).toBe(true);
    expect(selectComponentsNotOk(state)).toEqual([]);
  });

  it('name the components that are not ok on a degraded server', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'degraded', report: degradedReport(), checkedAt: 1 });

    expect(selectComponentsNotOk(store.getState()).map((component) => component.name)).toEqual(['media']);
    expect(selectServerAnswers(store.getState())).toBe(true);
  });

  it('say the server does not answer while unknown or unreachable', () => {
    const store = createTandemStore();
    expect(selectServerAnswers(store.getState())).toBe(false);
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'unreachable', problem: 'timeout', checkedAt: 1 });
    expect(selectServerAnswers(store.getState())).toBe(false);
    expect(selectHealthProblem(store.getState())).toBe('timeout');
  });

  it('return the same components array until the next check, so components do not re-render', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'healthy', report: healthyReport(), checkedAt: 1 });
    expect(selectComponents(store.getState())).toBe(selectComponents(store.getState()));
  });
});
