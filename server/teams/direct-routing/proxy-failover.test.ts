import { describe, expect, it } from 'vitest';
import { ProxyHealth } from './direct-routing-types.js';
import { afterFinalResponse, afterNoResponse, parseRetryAfter, proxyOrder } from './proxy-failover.js';

const proxies = ['sip', 'sip2', 'sip3'].map((name) => ({
  name: `${name}.pstnhub.microsoft.com`,
  port: 5061,
}));

describe('failing over between Microsoft proxies', () => {
  it('goes to the next proxy on 503 + Retry-After, and holds that proxy off for the given time', () => {
    expect(afterFinalResponse(503, 30)).toEqual({
      action: 'next-proxy',
      holdOffSeconds: 30,
      reason: '503 from the proxy',
    });
  });

  it.each([408, 503, 504])('fails over on %i without a hold-off', (status) => {
    expect(afterFinalResponse(status)).toMatchObject({ action: 'next-proxy', holdOffSeconds: null });
  });

  it('fails over on a timeout (as 408) and a transport error (as 503), RFC 3261 8.1.3.1', () => {
    expect(afterNoResponse('timeout')).toMatchObject({ action: 'next-proxy' });
    expect(afterNoResponse('transport-error')).toMatchObject({ action: 'next-proxy' });
  });

  it('stops on 603 Decline and on answers about the call itself', () => {
    expect(afterFinalResponse(603)).toMatchObject({ action: 'stop', status: 603 });
    for (const status of [404, 486, 480, 500])
      expect(afterFinalResponse(status)).toMatchObject({ action: 'stop' });
    expect(afterFinalResponse(200)).toEqual({ action: 'answered' });
  });

  it('refuses a provisional or invalid status', () => {
    for (const status of [100, 180, 99, 700, 2.5])
      expect(() => afterFinalResponse(status)).toThrow(TypeError);
  });

  it('reads Retry-After as delta-seconds with comment and parameters', () => {
    expect(parseRetryAfter('120 (busy);duration=3600')).toBe(120);
    expect(parseRetryAfter('  5')).toBe(5);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('tries proxies in configured order, down or held-off ones last rather than never', () => {
    const names = (list: { name: string }[]) => list.map((proxy) => proxy.name.split('.')[0]);
    const none = new Map<string, ProxyHealth>();
    expect(names(proxyOrder(proxies, none, new Map(), 0))).toEqual(['sip', 'sip2', 'sip3']);
    const firstDown = new Map([['sip.pstnhub.microsoft.com', ProxyHealth.Down]]);
    expect(names(proxyOrder(proxies, firstDown, new Map(), 0))).toEqual(['sip2', 'sip3', 'sip']);
    const heldOff = new Map([['sip2.pstnhub.microsoft.com', 10_000]]);
    expect(names(proxyOrder(proxies, none, heldOff, 9_999))).toEqual(['sip', 'sip3', 'sip2']);
    expect(names(proxyOrder(proxies, none, heldOff, 10_000))).toEqual(['sip', 'sip2', 'sip3']);
  });
});
