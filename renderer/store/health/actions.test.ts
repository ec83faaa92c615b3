import { describe, expect, it } from 'vitest';
import { degradedReport, healthyReport } from '../../test-support/health-reports.js';
import { createTandemStore } from '../store.js';

const at = Date.UTC(2025, 0, 15, 9, 30);

describe('health actions', () => {
  it('starts unknown, with nothing known about the server', () => {
    const { health } = createTandemStore().getState();
    expect(health).toMatchObject({ status: 'unknown', version: null, components: [], lastCheckedAt: null });
  });

  it('records a healthy server with its version and its components sorted by name', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'healthy', report: healthyReport(), checkedAt: at });

    expect(store.getState().health).toEqual({
      status: 'healthy',
      problem: null,
      version: '0.1.0',
      node: 'tandem-1',
      uptimeSeconds: 3_725,
      components: [
        { name: 'http', status: 'ok', detail: 'listening on 127.0.0.1:8080' },
        { name: 'store', status: 'ok', detail: 'SQLite, WAL' },
      ],
      lastCheckedAt: at,
    });
  });

  it('records a degraded server, keeping components without detail', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'degraded', report: degradedReport(), checkedAt: at });

    const { health } = store.getState();
    expect(health.status).toBe('degraded');
    expect(health.components).toEqual([
      { name: 'http', status: 'ok', detail: null },
      { name: 'media', status: 'starting', detail: 'waiting for rtpengine' },
    ]);
  });

  it('turns unreachable after being healthy, keeps the last version but forgets the components', () => {
    const store = createTandemStore();
    const { health } = store.getState().actions;
    health.recordHealthCheck({ kind: 'healthy', report: healthyReport(), checkedAt: at });
    health.recordHealthCheck({ kind: 'unreachable', problem: 'timeout', checkedAt: at + 3_000 });

    expect(store.getState().health).toMatchObject({
      status: 'unreachable',
      problem: 'timeout',
      version: '0.1.0',
      uptimeSeconds: null,
      components: [],
      lastCheckedAt: at + 3_000,
    });
  });

  it('comes back to healthy from unreachable and clears the problem', () => {
    const store = createTandemStore();
    const { health } = store.getState().actions;
    health.recordHealthCheck({ kind: 'unreachable', problem: 'network-error', checkedAt: at });
    health.recordHealthCheck({
      kind: 'healthy',
      report: healthyReport({ version: '0.2.0' }),
      checkedAt: at + 1,
    });

    expect(store.getState().health).toMatchObject({ status: 'healthy', problem: null, version: '0.2.0' });
  });

  it('leaves the preferences slice alone', () => {
    const store = createTandemStore({ locale: 'de' });
    const before = store.getState().preferences;
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'unreachable', problem: 'timeout', checkedAt: at });
    expect(store.getState().preferences).toBe(before);
  });
});
