import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { exportDirectRoutingMetrics } from './direct-routing-metrics.js';
import { ProxyHealth, type ProbeOutcome, type ProxyAddress } from './direct-routing-types.js';
import { OptionsKeepAlive } from './options-keep-alive.js';

const logger = createRootLogger({ level: 'silent' });
const proxies: ProxyAddress[] = [
  { name: 'sip.pstnhub.microsoft.com', port: 5061 },
  { name: 'sip2.pstnhub.microsoft.com', port: 5061 },
];

/** A scripted Microsoft: each proxy answers 200 unless told to stay silent or answer something else. */
function scriptedProxies() {
  const answers = new Map<string, ProbeOutcome>();
  const probes: string[] = [];
  const probe = vi.fn(async (tenant: string, proxy: ProxyAddress): Promise<ProbeOutcome> => {
    probes.push(`${tenant}->${proxy.name}`);
    return answers.get(proxy.name) ?? { answered: true, status: 200, roundTripMs: 12 };
  });
  return { answers, probes, probe };
}

function health(keepAlive: OptionsKeepAlive, proxy: string) {
  return keepAlive.proxyStatuses().find((status) => status.proxy === proxy)?.health;
}

describe('OPTIONS keep-alive toward Microsoft', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('probes every proxy for every tenant at start and then every interval', async () => {
    const script = scriptedProxies();
    const keepAlive = new OptionsKeepAlive({
      tenants: ['sbc.contoso.com', 'sbc.fabrikam.com'],
      proxies,
      intervalMs: 60_000,
      downAfterFailures: 3,
      probe: script.probe,
      logger,
    });
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(script.probes).toHaveLength(4);
    expect(keepAlive.proxyStatuses().map((status) => status.health)).toEqual(
      Array(4).fill(ProxyHealth.Active),
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(script.probes).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(script.probes).toHaveLength(8);
    keepAlive.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(script.probes).toHaveLength(8);
  });

  it('goes warning, then down, and active again when the proxy answers again', async () => {
    const script = scriptedProxies();
    const changes: string[] = [];
    const keepAlive = new OptionsKeepAlive({
      tenants: ['sbc.contoso.com'],
      proxies,
      intervalMs: 60_000,
      downAfterFailures: 3,
      probe: script.probe,
      logger,
      onHealthChange: (status, previous) => changes.push(`${status.proxy}:${previous}->${status.health}`),
    });
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(0);
    const sip = 'sip.pstnhub.microsoft.com';
    script.answers.set(sip, { answered: false, reason: 'no answer (Timer F)' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(health(keepAlive, sip)).toBe(ProxyHealth.Warning);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(health(keepAlive, sip)).toBe(ProxyHealth.Warning);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(health(keepAlive, sip)).toBe(ProxyHealth.Down);
    expect(health(keepAlive, 'sip2.pstnhub.microsoft.com')).toBe(ProxyHealth.Active);
    script.answers.delete(sip);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(health(keepAlive, sip)).toBe(ProxyHealth.Active);
    expect(changes).toEqual([
      `${sip}:unknown->active`,
      'sip2.pstnhub.microsoft.com:unknown->active',
      `${sip}:active->warning`,
      `${sip}:warning->down`,
      `${sip}:down->active`,
    ]);
    keepAlive.stop();
  });

  it('counts a 503 answer as a failure: a proxy that refuses is no place for calls', async () => {
    const script = scriptedProxies();
    script.answers.set('sip.pstnhub.microsoft.com', { answered: true, status: 503, roundTripMs: 3 });
    const keepAlive = new OptionsKeepAlive({
      tenants: ['sbc.contoso.com'],
      proxies,
      intervalMs: 1_000,
      downAfterFailures: 1,
      probe: script.probe,
      logger,
    });
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(keepAlive.proxyStatuses()[0]).toMatchObject({
      health: ProxyHealth.Down,
      lastStatus: 503,
      consecutiveFailures: 1,
    });
    keepAlive.stop();
  });

  it('does not stack probes when one is still pending at its next turn, and survives a probe that throws', async () => {
    let release: (outcome: ProbeOutcome) => void = () => undefined;
    let calls = 0;
    const keepAlive = new OptionsKeepAlive({
      tenants: ['sbc.contoso.com'],
      proxies: proxies.slice(0, 1),
      intervalMs: 1_000,
      downAfterFailures: 2,
      probe: () => {
        calls++;
        if (calls === 1) return new Promise((resolve) => (release = resolve));
        return Promise.reject(new Error('resolver exploded'));
      },
      logger,
    });
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(calls).toBe(1);
    release({ answered: true, status: 200, roundTripMs: 3_400 });
    await vi.advanceTimersByTimeAsync(600);
    expect(calls).toBe(2);
    expect(keepAlive.proxyStatuses()[0]).toMatchObject({
      health: ProxyHealth.Warning,
      consecutiveFailures: 1,
    });
    keepAlive.stop();
  });

  it('shows health in /metrics, 1 for the current state of each proxy', async () => {
    const script = scriptedProxies();
    script.answers.set('sip2.pstnhub.microsoft.com', { answered: false, reason: 'connection refused' });
    const keepAlive = new OptionsKeepAlive({
      tenants: ['sbc.contoso.com'],
      proxies,
      intervalMs: 60_000,
      downAfterFailures: 2,
      probe: script.probe,
      logger,
    });
    const registry = new Registry();
    exportDirectRoutingMetrics(registry, keepAlive);
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(0);
    const text = await registry.metrics();
    expect(text).toContain(
      'tandem_teams_proxy_health{tenant="sbc.contoso.com",proxy="sip.pstnhub.microsoft.com",state="active"} 1',
    );
    expect(text).toContain(
      'tandem_teams_proxy_health{tenant="sbc.contoso.com",proxy="sip2.pstnhub.microsoft.com",state="warning"} 1',
    );
    expect(text).toContain(
      'tandem_teams_proxy_health{tenant="sbc.contoso.com",proxy="sip2.pstnhub.microsoft.com",state="active"} 0',
    );
    expect(text).toContain(
      'tandem_teams_proxy_options_round_trip_seconds{tenant="sbc.contoso.com",proxy="sip.pstnhub.microsoft.com"} 0.012',
    );
    keepAlive.stop();
  });
});
