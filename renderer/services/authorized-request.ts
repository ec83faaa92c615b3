/**
 * One request to Tandem's HTTP API as the signed-in agent: Basic authentication, JSON both ways, a time
 * limit, no cookies. A request that gets no answer (network down, server away, time out) rejects with
 * the error `unreachable` makes, so that each client names it its own way; any answer resolves, with its
 * JSON body when it has one (undefined when not JSON, null for 204).
 */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** `Basic base64(user:password)` with UTF-8 bytes (RFC 7617 section 2.1 `charset="UTF-8"`). */
export function basicAuthorization({ username, password }: Credentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** What a client of the API is built with. */
export interface ApiClientOptions {
  /** The server's origin. */
  readonly serverBaseUrl: string;
  readonly credentials: Credentials;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
}

/** Where and as whom a client's requests go; `unreachable` names a request that got no answer. */
export function apiTarget(
  options: ApiClientOptions,
  defaultTimeoutMs: number,
  unreachable: (message: string) => Error,
): ApiTarget {
  return {
    serverBaseUrl: options.serverBaseUrl,
    authorization: basicAuthorization(options.credentials),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    unreachable,
  };
}

export interface ApiTarget {
  /** The server's origin. */
  readonly serverBaseUrl: string;
  /** The Authorization header (`basicAuthorization`). */
  readonly authorization: string;
  readonly fetch?: FetchLike;
  readonly timeoutMs: number;
  readonly unreachable: (message: string) => Error;
}

export async function authorizedJsonRequest(
  target: ApiTarget,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  /** `keepalive`: the request outlives the page that sends it (a small body, sent as the page closes). */
  options: { keepalive?: boolean } = {},
): Promise<{ status: number; ok: boolean; payload: unknown }> {
  const fetch = target.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await fetch(new URL(path, target.serverBaseUrl).href, {
      method,
      headers: {
        Authorization: target.authorization,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(target.timeoutMs),
      credentials: 'omit',
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch (error) {
    throw target.unreachable(`${method} ${path}: ${String(error)}`);
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  return { status: response.status, ok: response.ok, payload };
}
