/**
 * Which Microsoft proxy a request goes to next, as pure functions. DESIGN.md, from Microsoft's
 * Direct Routing documentation: "503 + Retry-After: next Microsoft proxy; 408/503/504: fail over;
 * 603: stop". RFC 3261 8.1.3.1 adds that a transaction timeout counts as a 408 and a transport
 * error as a 503, so neither keeps a call on a dead proxy.
 */
import { ProxyHealth, type ProxyAddress } from './direct-routing-types.js';

export type FailoverDecision =
  /** A 2xx: the request reached its target. */
  | { readonly action: 'answered' }
  /** The proxy could not take it: try the next one (and hold this one off for `holdOffSeconds`). */
  | { readonly action: 'next-proxy'; readonly holdOffSeconds: number | null; readonly reason: string }
  /** The answer is about the call, not the proxy (603 Decline, 486 Busy, 404...): other proxies would say the same. */
  | { readonly action: 'stop'; readonly status: number; readonly reason: string };

const FAIL_OVER = new Set([408, 503, 504]);

/**
 * What to do after a final response from a proxy. `retryAfter` is the Retry-After value in
 * seconds, when the response had a usable one.
 */
export function afterFinalResponse(status: number, retryAfter?: number): FailoverDecision {
  if (!Number.isInteger(status) || status < 200 || status > 699) {
    throw new TypeError(`not a final SIP status: ${status}`);
  }
  if (status < 300) return { action: 'answered' };
  if (FAIL_OVER.has(status)) {
    const holdOff = status === 503 && retryAfter !== undefined && retryAfter > 0 ? retryAfter : null;
    return { action: 'next-proxy', holdOffSeconds: holdOff, reason: `${status} from the proxy` };
  }
  return {
    action: 'stop',
    status,
    reason: status === 603 ? 'declined (603): no other proxy is tried' : `${status} is final for the call`,
  };
}

/** RFC 3261 8.1.3.1: a timeout is a 408, a transport error a 503 (no Retry-After: no hold-off). */
export function afterNoResponse(kind: 'timeout' | 'transport-error'): FailoverDecision {
  return afterFinalResponse(kind === 'timeout' ? 408 : 503);
}

/**
 * RFC 3261 20.33: `Retry-After: 18000;duration=3600` or `Retry-After: 120 (I'm in a meeting)`;
 * the delta-seconds come first. Returns undefined when absent or unusable.
 */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d{1,10})\b/.exec(value);
  if (!match) return undefined;
  const seconds = Number(match[1]);
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}

/**
 * The order to try proxies in: the configured order, with proxies that are Down or held off by a
 * Retry-After moved to the end (in configured order) rather than dropped: when every proxy looks
 * bad, trying is still better than refusing the call.
 */
export function proxyOrder(
  proxies: readonly ProxyAddress[],
  health: ReadonlyMap<string, ProxyHealth>,
  heldOffUntil: ReadonlyMap<string, number>,
  now: number,
): ProxyAddress[] {
  const unavailable = (proxy: ProxyAddress) =>
    health.get(proxy.name) === ProxyHealth.Down || (heldOffUntil.get(proxy.name) ?? 0) > now;
  return [...proxies.filter((proxy) => !unavailable(proxy)), ...proxies.filter(unavailable)];
}
