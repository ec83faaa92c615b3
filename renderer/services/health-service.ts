/**
 * Keeps the store's health slice current: checks `GET /healthz` on the server every few seconds, one check
 * at a time, and records each result through the slice's actions.
 */
import type { HealthActions, HealthCheckResult } from '../store/health/actions.js';
import { checkServerHealth, type FetchLike } from './health-check.js';

export interface HealthServiceOptions {
  /** Where the results go: the store's health actions. */
  readonly actions: HealthActions;
  /** The server's origin, e.g. `http://127.0.0.1:8080` (see `resolveServerBaseUrl`). */
  readonly serverBaseUrl: string;
  readonly fetch?: FetchLike;
  /** Pause between the end of one check and the start of the next. */
  readonly intervalMs?: number;
  /** How long a check waits for the answer before the server counts as unreachable. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export interface HealthService {
  /** Checks at once and then every `intervalMs`; calling it again does nothing. */
  start(): void;
  /** Checks at once (sharing a check already under way) and restarts the interval after it. */
  checkNow(): Promise<HealthCheckResult>;
  /** Stops polling; a check under way still finishes but is not recorded. May be called twice. */
  close(): void;
}

export const defaultHealthIntervalMs = 3_000;
export const defaultHealthTimeoutMs = 2_500;

export function healthUrl(serverBaseUrl: string): string {
  return new URL('/healthz', serverBaseUrl).href;
}

export function createHealthService(options: HealthServiceOptions): HealthService {
  const url = healthUrl(options.serverBaseUrl);
  const intervalMs = options.intervalMs ?? defaultHealthIntervalMs;
  const checkOptions = {
    fetch: options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? defaultHealthTimeoutMs,
    now: options.now ?? Date.now,
  };

  let started = false;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<HealthCheckResult> | undefined;

  const scheduleNext = () => {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => void checkNow(), intervalMs);
  };

  const checkNow = (): Promise<HealthCheckResult> => {
    if (inFlight) return inFlight;
    clearTimeout(timer);
    inFlight = checkServerHealth(url, checkOptions).then((result) => {
      inFlight = undefined;
      if (!closed) options.actions.recordHealthCheck(result);
      if (started) scheduleNext();
      return result;
    });
    return inFlight;
  };

  return {
    start() {
      if (started || closed) return;
      started = true;
      void checkNow();
    },
    checkNow,
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
