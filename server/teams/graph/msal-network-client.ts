/**
 * MSAL's network hook (`system.networkClient`) over our HTTPS transport, so that the token
 * requests trust the configured extra CA. MSAL expects the body already parsed as JSON.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { HttpsTransport } from './https-request.js';

const DEFAULT_TIMEOUT_MS = 10_000;

export function msalNetworkClient(transport: HttpsTransport): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeoutMs: number | undefined,
  ): Promise<NetworkResponse<T>> => {
    const response = await transport.send({
      url,
      method,
      headers: options?.headers,
      body: method === 'POST' ? (options?.body ?? '') : undefined,
      timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    let body: T;
    try {
      body = JSON.parse(response.body) as T;
    } catch {
      throw new Error(`the identity platform answered ${response.status} with a body that is not JSON`);
    }
    return { status: response.status, headers: response.headers, body };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options, undefined),
  };
}
