/**
 * The last middleware of the Graph client's chain: sends the request over our HTTPS transport
 * (which trusts the configured extra CA) instead of the global fetch, and hands back a standard
 * Response for the Graph client to parse and turn into GraphError.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { HttpsTransport } from './https-request.js';

export class GraphHttpsHandler implements Middleware {
  constructor(
    private readonly transport: HttpsTransport,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const original = typeof context.request === 'string' ? null : context.request;
    const url = original ? original.url : String(context.request);
    const init = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? original?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const method = (init.method ?? original?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'PATCH' && method !== 'DELETE') {
      throw new TypeError(`unsupported Graph method ${method}`);
    }
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new TypeError('Graph requests of Tandem carry JSON text bodies only');
    }
    const body = init.body ?? undefined;
    const response = await this.transport.send({ url, method, headers, body, timeoutMs: this.timeoutMs });
    const noBody = response.status === 204 || response.status === 304;
    context.response = new Response(noBody ? null : response.body, {
      status: response.status,
      headers: response.headers,
    });
  }
}
