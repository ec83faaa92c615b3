import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { degradedReport, healthyReport } from '../test-support/health-reports.js';
import { checkServerHealth, type FetchLike } from './health-check.js';

const url = 'http://127.0.0.1:8080/healthz';
const now = () => 1_000;

function answering(status: number, body: unknown, contentType = 'application/json'): FetchLike {
  return async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': contentType },
    });
}

/** Like a real fetch to a server that never answers: it fails only when aborted. */
const hanging: FetchLike = (_url, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

describe('checking the server health once', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls a 200 with a health report healthy', async () => {
    const result = await checkServerHealth(url, {
      fetch: answering(200, healthyReport()),
      timeoutMs: 2_000,
      now,
    });
    expect(result).toEqual({ kind: 'healthy', report: healthyReport(), checkedAt: 1_000 });
  });

  it('calls a 503 with a health report degraded', async () => {
    const result = await checkServerHealth(url, {
      fetch: answering(503, degradedReport()),
      timeoutMs: 2_000,
      now,
    });
    expect(result).toEqual({ kind: 'degraded', report: degradedReport(), checkedAt: 1_000 });
  });

  it('asks for the health URL without caching or credentials', async () => {
    const fetch = vi.fn(answering(200, healthyReport()));
    await checkServerHealth(url, { fetch, timeoutMs: 2_000, now });
    expect(fetch).toHaveBeenCalledWith(
      url,
      expect.objectContaining({ cache: 'no-store', credentials: 'omit' }),
    );
  });

  it('calls a network error unreachable', async () => {
    const refused: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const result = await checkServerHealth(url, { fetch: refused, timeoutMs: 2_000, now });
    expect(result).toEqual({ kind: 'unreachable', problem: 'network-error', checkedAt: 1_000 });
  });

  it('calls a server that does not answer in time unreachable, and aborts the request', async () => {
    const signals: AbortSignal[] = [];
    const fetch: FetchLike = (requestUrl, init) => {
      if (init.signal) signals.push(init.signal);
      return hanging(requestUrl, init);
    };
    const pending = checkServerHealth(url, { fetch, timeoutMs: 2_000, now });

    await vi.advanceTimersByTimeAsync(1_999);
    expect(signals[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(await pending).toEqual({ kind: 'unreachable', problem: 'timeout', checkedAt: 1_000 });
    expect(signals[0]?.aborted).toBe(true);
  });

  it('times out even when the request ignores its abort signal', async () => {
    const deaf: FetchLike = () => new Promise(() => undefined);
    const pending = checkServerHealth(url, { fetch: deaf, timeoutMs: 500, now });
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toMatchObject({ kind: 'unreachable', problem: 'timeout' });
  });

  it('times out when the headers arrive but the body never does', async () => {
    const slowBody: FetchLike = async (_url, init) =>
      ({ status: 200, json: () => hanging(url, init) }) as unknown as Response;
    const pending = checkServerHealth(url, { fetch: slowBody, timeoutMs: 500, now });
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toMatchObject({ kind: 'unreachable', problem: 'timeout' });
  });

  it.each([
    ['a 503 from a proxy with an HTML page', answering(503, '<h1>Service Unavailable</h1>', 'text/html')],
    ['a 200 that is not a health report', answering(200, { hello: 'world' })],
    ['a 404', answering(404, { error: 'not found' })],
    ['a health report with a 500', answering(500, healthyReport())],
    [
      'a health report with an unknown component status',
      answering(200, { ...healthyReport(), components: { a: { status: 'meh' } } }),
    ],
  ])('calls %s an unexpected response', async (_name, fetch) => {
    const result = await checkServerHealth(url, { fetch, timeoutMs: 2_000, now });
    expect(result).toEqual({ kind: 'unreachable', problem: 'unexpected-response', checkedAt: 1_000 });
  });

  it('ignores fields it does not know yet, so a newer server stays readable', async () => {
    const newer = { ...healthyReport(), region: 'eu-west' };
    const result = await checkServerHealth(url, { fetch: answering(200, newer), timeoutMs: 2_000, now });
    expect(result).toEqual({ kind: 'healthy', report: healthyReport(), checkedAt: 1_000 });
  });
});
