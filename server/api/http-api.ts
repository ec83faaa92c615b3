/**
 * The HTTP side of a Tandem node: `/healthz`, `/metrics`, the web client, and (as later issues
 * add them) the JSON API. A small route table instead of a framework: the surface is small and
 * every route is visible here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Counter } from 'prom-client';
import type { Component } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import type { MetricsRegistry } from '../shared/metrics.js';
import type { HealthRegistry } from './health-registry.js';
import { StaticFiles } from './static-files.js';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** Takes over a connection that asks to upgrade (a WebSocket) on a path. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HttpApiOptions {
  host: string;
  port: number;
  /** Built web client; null serves a short page explaining how to build it. */
  webRoot: string | null;
  health: HealthRegistry;
  metrics: MetricsRegistry;
  logger: Logger;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export class HttpApi implements Component {
  readonly name = 'http';
  private server: Server | null = null;
  private readonly routes = new Map<string, RouteHandler>();
  private readonly upgrades = new Map<string, UpgradeHandler>();
  /** Sockets handed to WebSocket endpoints, closed with the server. */
  private readonly upgraded = new Set<Duplex>();
  private readonly goodbyes = new Map<string, () => void>();
  private readonly staticFiles: StaticFiles | null;
  private readonly requests: Counter<'route' | 'status'>;

  constructor(private readonly options: HttpApiOptions) {
    this.staticFiles = options.webRoot ? new StaticFiles(options.webRoot) : null;
    this.requests = new Counter({
      name: 'tandem_http_requests_total',
      help: 'HTTP requests answered, by route and status code',
      labelNames: ['route', 'status'],
      registers: [options.metrics],
    });
    this.route('GET', '/healthz', (_request, response) => {
      const report = options.health.report();
      sendJson(response, report.status === 'ok' ? 200 : 503, report);
    });
    this.route('GET', '/metrics', async (_request, response) => {
      const body = await options.metrics.metrics();
      response.writeHead(200, { 'Content-Type': options.metrics.contentType });
      response.end(body);
    });
  }

  /** Adds a route; `HEAD` is answered by every `GET` route. */
  route(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /**
   * Adds a WebSocket endpoint; other upgrade requests are refused. `goodbye` closes the endpoint's
   * connections politely (1001) when the server stops, before their sockets are destroyed.
   */
  upgrade(path: string, handler: UpgradeHandler, goodbye?: () => void): void {
    this.upgrades.set(path, handler);
    if (goodbye) this.goodbyes.set(path, goodbye);
  }

  /** The bound address once started (port 0 in the configuration picks a free one). */
  get address(): { host: string; port: number } {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the HTTP server is not listening');
    return { host: address.address, port: address.port };
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const handler = this.upgrades.get(new URL(request.url ?? '/', 'http://local').pathname);
      if (handler) {
        this.upgraded.add(socket);
        socket.once('close', () => this.upgraded.delete(socket));
        handler(request, socket, head);
      } else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`HTTP port ${this.options.host}:${this.options.port} is already in use (http.port)`)
            : error,
        ),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
    const { host, port } = this.address;
    this.options.logger.info({ url: `http://${host}:${port}/` }, 'HTTP listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      // WebSocket connections are no longer the HTTP server's: without this, close() would wait for
      // every client to hang up. Each endpoint says goodbye (1001) first.
      for (const goodbye of this.goodbyes.values()) goodbye();
      for (const socket of this.upgraded) socket.end();
      setTimeout(() => {
        for (const socket of this.upgraded) socket.destroy();
      }, 500).unref();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) response.setHeader(name, value);
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const handler = this.routes.get(`${method} ${path}`);
    let route = handler ? path : 'static';
    try {
      if (handler) {
        await handler(request, response);
      } else if (method === 'GET' && this.staticFiles) {
        if (!(await this.staticFiles.serve(request, response))) {
          route = 'not-found';
          sendJson(response, 404, { error: 'not found' });
        }
      } else if (method === 'GET' && !this.staticFiles) {
        response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(
          'The Tandem web client is not built. Run `npm run build:renderer`, or start with `npm start`.\n',
        );
      } else {
        route = 'not-found';
        sendJson(response, 404, { error: 'not found' });
      }
    } catch (error) {
      if (clientWentAway(request, error)) {
        // A page that closed while sending (a desk's last request as it goes): nobody to answer.
        this.options.logger.debug({ path }, 'HTTP client went away mid-request');
        route = 'client-gone';
        response.destroy();
      } else {
        this.options.logger.error({ err: error, path }, 'HTTP handler failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.destroy();
      }
    }
    this.requests.inc({ route, status: String(response.statusCode) });
  }
}

/** Node rejects reading a request whose client closed the connection with `aborted` (ECONNRESET). */
function clientWentAway(request: IncomingMessage, error: unknown): boolean {
  return request.destroyed && (error as NodeJS.ErrnoException | null)?.code === 'ECONNRESET';
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(text);
}
