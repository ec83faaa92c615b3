/**
 * One request through Microsoft's proxies in failover order (DESIGN.md: 503 + Retry-After: next
 * proxy and hold that one off; 408/503/504, a timeout or a transport error: next proxy; 603 or any
 * other final answer: stop). The decisions are the pure functions of teams/direct-routing; this
 * runs them against real attempts.
 */
import type { Logger } from '../../shared/logger.js';
import type { SipResponse } from '../../sip/message/index.js';
import type { ProxyAddress, ProxyHealth } from '../../teams/direct-routing/direct-routing-types.js';
import {
  afterFinalResponse,
  afterNoResponse,
  parseRetryAfter,
  proxyOrder,
} from '../../teams/direct-routing/proxy-failover.js';

/** How one attempt at one proxy ended. */
export type Attempt =
  | { readonly kind: 'response'; readonly response: SipResponse }
  | { readonly kind: 'timeout' | 'transport-error'; readonly reason: string };

export interface FailoverTry {
  readonly proxy: string;
  /** The final status, or `timeout` / `transport-error`. */
  readonly outcome: number | 'timeout' | 'transport-error';
}

export type FailoverResult =
  | {
      readonly kind: 'answered';
      readonly proxy: ProxyAddress;
      readonly response: SipResponse;
      readonly tries: FailoverTry[];
    }
  | {
      readonly kind: 'stopped';
      readonly proxy: ProxyAddress;
      readonly response: SipResponse;
      readonly tries: FailoverTry[];
    }
  | { readonly kind: 'exhausted'; readonly tries: FailoverTry[] };

export interface SendWithFailoverOptions {
  proxies: readonly ProxyAddress[];
  health: ReadonlyMap<string, ProxyHealth>;
  /** Proxy name -> epoch ms until which a 503 + Retry-After keeps it last; updated here. */
  heldOffUntil: Map<string, number>;
  now: () => number;
  attempt: (proxy: ProxyAddress) => Promise<Attempt>;
  logger: Logger;
}

export async function sendWithFailover(options: SendWithFailoverOptions): Promise<FailoverResult> {
  const tries: FailoverTry[] = [];
  const order = proxyOrder(options.proxies, options.health, options.heldOffUntil, options.now());
  for (const proxy of order) {
    const attempt = await options.attempt(proxy);
    const decision =
      attempt.kind === 'response'
        ? afterFinalResponse(
            attempt.response.status,
            parseRetryAfter(attempt.response.headers.get('retry-after')),
          )
        : afterNoResponse(attempt.kind);
    tries.push({
      proxy: proxy.name,
      outcome: attempt.kind === 'response' ? attempt.response.status : attempt.kind,
    });
    if (decision.action === 'answered' && attempt.kind === 'response') {
      return { kind: 'answered', proxy, response: attempt.response, tries };
    }
    if (decision.action === 'stop' && attempt.kind === 'response') {
      return { kind: 'stopped', proxy, response: attempt.response, tries };
    }
    if (decision.action === 'next-proxy') {
      if (decision.holdOffSeconds !== null) {
        options.heldOffUntil.set(proxy.name, options.now() + decision.holdOffSeconds * 1000);
      }
      options.logger.info(
        { proxy: proxy.name, reason: decision.reason },
        'failing over to the next Microsoft proxy',
      );
    }
  }
  return { kind: 'exhausted', tries };
}
