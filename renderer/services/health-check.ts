/**
 * One `GET /healthz`, classified the way the user sees it:
 * 200 with a health report = healthy, 503 with a health report = degraded, and anything else (no answer
 * within the timeout, a network error, another status, a body that is not a health report) = unreachable.
 */
import type { HealthCheckResult } from '../store/health/actions.js';
import { parseHealthReport } from './health-report-schema.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HealthCheckOptions {
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly now: () => number;
}

type Answer =
  | { readonly kind: 'answered'; readonly httpStatus: number; readonly body: unknown }
  | { readonly kind: 'network-error' }
  | { readonly kind: 'timeout' };

async function ask(url: string, fetch: FetchLike, signal: AbortSignal): Promise<Answer> {
  try {
    const response = await fetch(url, {
      signal,
      cache: 'no-store',
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined; // not JSON: classified below as an unexpected response
    }
    return { kind: 'answered', httpStatus: response.status, body };
  } catch {
    return { kind: 'network-error' };
  }
}

export async function checkServerHealth(
  url: string,
  options: HealthCheckOptions,
): Promise<HealthCheckResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Races the request instead of trusting the abort alone: a fetch that ignores its signal still times out.
  const timedOut = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: 'timeout' });
    }, options.timeoutMs);
  });
  let answer: Answer;
  try {
    answer = await Promise.race([ask(url, options.fetch, controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
  const checkedAt = options.now();

  if (answer.kind !== 'answered') return { kind: 'unreachable', problem: answer.kind, checkedAt };
  const report = parseHealthReport(answer.body);
  if (report !== undefined && answer.httpStatus === 200) return { kind: 'healthy', report, checkedAt };
  if (report !== undefined && answer.httpStatus === 503) return { kind: 'degraded', report, checkedAt };
  return { kind: 'unreachable', problem: 'unexpected-response', checkedAt };
}
