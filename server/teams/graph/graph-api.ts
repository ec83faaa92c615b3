/**
 * Plain JSON requests to Microsoft Graph v1.0 for the directory, subscriptions, calendars and
 * setPresence: a bearer token from an AccessTokenSource, our HTTPS transport (which trusts the
 * configured extra CA), and Graph's error bodies turned into GraphRequestError. Paging links
 * (`@odata.nextLink`) are absolute URLs; they are followed only when they point at the configured
 * Graph origin, so that a forged link cannot send our token elsewhere.
 *
 * Retries are the caller's business (each one has its own policy and health), as with the poller.
 */
import type { AccessTokenSource } from './graph-token-provider.js';
import { GraphRequestError, retryAfterMs } from './graph-presence-client.js';
import type { HttpsTransport } from './https-request.js';

export interface GraphApiOptions {
  readonly tokens: AccessTokenSource;
  readonly transport: HttpsTransport;
  /** Default https://graph.microsoft.com. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class GraphApi {
  readonly origin: string;
  private readonly tokens: AccessTokenSource;
  private readonly transport: HttpsTransport;
  private readonly timeoutMs: number;

  constructor(options: GraphApiOptions) {
    this.origin = new URL(options.baseUrl ?? 'https://graph.microsoft.com').origin;
    this.tokens = options.tokens;
    this.transport = options.transport;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** `path` is relative to /v1.0 (e.g. `/users?$select=id`) or an absolute nextLink on our origin. */
  get(path: string): Promise<unknown> {
    return this.send('GET', path);
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.send('POST', path, body);
  }

  patch(path: string, body: unknown): Promise<unknown> {
    return this.send('PATCH', path, body);
  }

  delete(path: string): Promise<unknown> {
    return this.send('DELETE', path);
  }

  private url(path: string): string {
    if (/^https:\/\//i.test(path)) {
      const url = new URL(path);
      if (url.origin !== this.origin) {
        throw new GraphRequestError(`refusing a Graph link to another origin: ${url.origin}`, 0, null);
      }
      return url.toString();
    }
    return `${this.origin}/v1.0${path.startsWith('/') ? '' : '/'}${path}`;
  }

  private async send(method: Method, path: string, body?: unknown): Promise<unknown> {
    const url = this.url(path);
    let token: string;
    try {
      token = await this.tokens.getAccessToken();
    } catch (error) {
      throw new GraphRequestError(`no Graph token: ${(error as Error)?.message ?? String(error)}`, 0, null);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await this.transport.send({
        url,
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw new GraphRequestError(
        `no answer from Graph: ${(error as Error)?.message ?? String(error)}`,
        0,
        null,
      );
    }
    const parsed = parseJson(response.body);
    if (response.status >= 200 && response.status < 300) return parsed;
    const graphError = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof graphError?.code === 'string' ? ` (${graphError.code})` : '';
    const message = typeof graphError?.message === 'string' ? `: ${graphError.message}` : '';
    throw new GraphRequestError(
      `Graph answered ${response.status} to ${method} ${new URL(url).pathname}${code}${message}`,
      response.status,
      retryAfterMs(response.headers['retry-after'] ?? null),
    );
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
