import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectHealthProblem, selectHealthStatus, selectServerVersion } from '../store/health/selectors.js';
import { createTandemStore } from '../store/store.js';
import { degradedReport, healthyReport } from '../test-support/health-reports.js';
import type { FetchLike } from './health-check.js';
import { createHealthService, healthUrl } from './health-service.js';

type Behaviour = 'healthy' | 'degraded' | 'refused' | 'silent';

/** A server whose behaviour the test changes as the story goes on. */
function fakeServer(initial: Behaviour) {
  let behaviour = initial;
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push(url);
    switch (behaviour) {
      case 'healthy':
        return Response.json(healthyReport(), { status: 200 });
      case 'degraded':
        return Response.json(degradedReport(), { status: 503 });
      case 'refused':
        throw new TypeError('Failed to fetch');
      case 'silent':
        return new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
    }
  };
  return {
    fetch,
    requests,
    become: (next: Behaviour) => {
      behaviour = next;
    },
  };
}

function setUp(initial: Behaviour) {
  const server = fakeServer(initial);
  const store = createTandemStore();
  const service = createHealthService({
    actions: store.getState().actions.health,
    serverBaseUrl: 'http://127.0.0.1:8080',
    fetch: server.fetch,
    intervalMs: 3_000,
    timeoutMs: 2_000,
  });
  const status = () => selectHealthStatus(store.getState());
  return { server, store, service, status };
}

describe('the health service', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('builds the health URL from the server origin', () => {
    expect(healthUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/healthz');
    expect(healthUrl('https://tandem.example.org/app/')).toBe('https://tandem.example.org/healthz');
  });

  it('checks as soon as it starts and shows a healthy server with its version', async () => {
    const { service, store, status, server } = setUp('healthy');
    service.start();
    await vi.advanceTimersByTimeAsync(0);

    expect(status()).toBe('healthy');
    expect(selectServerVersion(store.getState())).toBe('0.1.0');
    expect(server.requests).toEqual(['http://127.0.0.1:8080/healthz']);
    service.close();
  });

  it('follows the server from healthy to degraded to unreachable and back, one check per interval', async () => {
    const { service, store, status, server } = setUp('healthy');
    service.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(status()).toBe('healthy');

    server.become('degraded');
    await vi.advanceTimersByTimeAsync(2_999);
    expect(status()).toBe('healthy');
    await vi.advanceTimersByTimeAsync(1);
    expect(status()).toBe('degraded');

    server.become('refused');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status()).toBe('unreachable');
    expect(selectHealthProblem(store.getState())).toBe('network-error');

    server.become('healthy');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status()).toBe('healthy');
    expect(server.requests).toHaveLength(4);
    service.close();
  });

  it('shows a server that stops answering as unreachable after the timeout', async () => {
    const { service, store, status, server } = setUp('healthy');
    service.start();
    await vi.advanceTimersByTimeAsync(0);

    server.become('silent');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status()).toBe('healthy'); // asked, still waiting for the answer
    await vi.advanceTimersByTimeAsync(2_000);
    expect(status()).toBe('unreachable');
    expect(selectHealthProblem(store.getState())).toBe('timeout');
    service.close();
  });

  it('never asks twice at once, even when the server is slow', async () => {
    const { service, server } = setUp('silent');
    service.start();
    await vi.advanceTimersByTimeAsync(1_000);
    void service.checkNow();
    void service.checkNow();
    expect(server.requests).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1_000); // timeout; the next check waits a whole interval
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(server.requests).toHaveLength(2);
    service.close();
  });

  it('checks at once when asked and restarts the interval from there', async () => {
    const { service, server, status } = setUp('refused');
    service.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(status()).toBe('unreachable');

    server.become('healthy');
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await service.checkNow();
    expect(result.kind).toBe('healthy');
    expect(status()).toBe('healthy');

    await vi.advanceTimersByTimeAsync(2_999);
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(3);
    service.close();
  });

  it('stops asking and recording once closed, and may be closed twice', async () => {
    const { service, server, store } = setUp('healthy');
    service.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = store.getState().health;

    server.become('silent');
    await vi.advanceTimersByTimeAsync(3_000); // a check is under way
    service.close();
    service.close();
    await vi.advanceTimersByTimeAsync(30_000);

    expect(server.requests).toHaveLength(2);
    expect(store.getState().health).toBe(before);
  });

  it('starts only once', async () => {
    const { service, server } = setUp('healthy');
    service.start();
    service.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(1);
    service.close();
  });
});
