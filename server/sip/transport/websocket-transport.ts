/**
 * SIP over WebSocket and secure WebSocket (RFC 7118), the agents' transport (SIP.js).
 *
 * RFC 7118 section 4: the client lists "sip" in Sec-WebSocket-Protocol and the server must
 * answer with it; we refuse a handshake without it. Section 5: each SIP message is carried in one
 * WebSocket message (text or binary). SIP.js sends CRLF CRLF as a keep-alive and expects a CRLF
 * (RFC 5626 section 4.4.1).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../shared/logger.js';
import type { Connection, ConnectionTable } from './connection-table.js';
import type { Endpoint, Flow, TransportDelegate, TransportLimits } from './transport-types.js';

let serial = 0;

export interface WebSocketTransportOptions {
  protocol: 'ws' | 'wss';
  endpoint: Endpoint;
  tls?: { cert: Buffer; key: Buffer };
  limits: TransportLimits;
  connections: ConnectionTable;
  delegate: TransportDelegate;
  logger: Logger;
}

export class WebSocketTransport {
  private httpServer: HttpServer | null = null;
  private wsServer: WebSocketServer | null = null;
  private localEndpoint: Endpoint | null = null;

  constructor(private readonly options: WebSocketTransportOptions) {}

  get local(): Endpoint {
    if (!this.localEndpoint) throw new Error(`the ${this.options.protocol} transport is not listening`);
    return this.localEndpoint;
  }

  async start(): Promise<void> {
    const { protocol, tls, limits, connections, logger } = this.options;
    if (protocol === 'wss' && !tls)
      throw new TypeError('SIP over secure WebSocket needs a certificate and key');
    const httpServer =
      protocol === 'wss'
        ? createHttpsServer({ cert: tls!.cert, key: tls!.key, minVersion: 'TLSv1.2' })
        : createHttpServer();
    httpServer.on('request', (_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
      response.end('This port speaks SIP over WebSocket (RFC 7118).\n');
    });
    httpServer.on('tlsClientError', (error: Error) => logger.debug({ err: error }, 'TLS handshake failed'));

    const wsServer = new WebSocketServer({
      server: httpServer,
      maxPayload: limits.maxMessageBytes,
      clientTracking: false,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
      verifyClient: (
        info: { req: IncomingMessage },
        callback: (ok: boolean, code?: number, message?: string) => void,
      ) => {
        const offered = (info.req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((value) => value.trim());
        if (!offered.includes('sip'))
          return callback(false, 400, 'the WebSocket subprotocol "sip" is required');
        const refusal = connections.admissionRefusal(info.req.socket.remoteAddress ?? 'unknown');
        if (refusal) return callback(false, 503, refusal);
        callback(true);
      },
    });
    wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => this.attach(socket, request));
    // ws re-emits its HTTP server's errors (a port in use) on itself: they are handled on the HTTP server
    // below, and must not be thrown again as uncaught.
    wsServer.on('error', () => undefined);

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(this.options.endpoint.port, this.options.endpoint.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    httpServer.on('error', (error) => logger.error({ err: error }, `${protocol} listener error`));
    const address = httpServer.address() as { address: string; port: number };
    this.localEndpoint = { host: address.address, port: address.port };
    this.httpServer = httpServer;
    this.wsServer = wsServer;
  }

  async stop(): Promise<void> {
    const { httpServer, wsServer } = this;
    this.httpServer = null;
    this.wsServer = null;
    for (const connection of this.options.connections.all()) {
      if (connection.flow.protocol === this.options.protocol) connection.close('transport stopping');
    }
    if (wsServer) await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    if (httpServer) {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    }
  }

  private attach(socket: WebSocket, request: IncomingMessage): void {
    const { protocol, connections, delegate, logger } = this.options;
    const remote = { host: request.socket.remoteAddress ?? 'unknown', port: request.socket.remotePort ?? 0 };
    const local = { host: request.socket.localAddress ?? 'unknown', port: request.socket.localPort ?? 0 };
    const flow: Flow = {
      id: `${protocol}:${remote.host}:${remote.port}#${++serial}`,
      protocol,
      local,
      remote,
      reliable: true,
    };
    const connection: Connection = {
      flow,
      lastActivity: Date.now(),
      send: (data) =>
        new Promise((resolve, reject) => {
          if (socket.readyState !== socket.OPEN) return reject(new Error('connection closed'));
          // SIP is text: send text frames, which is what SIP.js and browsers expect.
          socket.send(data.toString('utf8'), { binary: false }, (error) =>
            error ? reject(error) : resolve(),
          );
        }),
      close: (reason) => {
        logger.debug({ flow: flow.id, reason }, 'closing WebSocket');
        socket.terminate();
      },
    };
    connections.add(connection);
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      connection.lastActivity = Date.now();
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      if (isKeepAlivePing(bytes)) {
        socket.send('\r\n');
        return;
      }
      delegate.onMessage(bytes, flow);
    });
    socket.on('error', (error) => logger.debug({ err: error, flow: flow.id }, 'WebSocket error'));
    socket.on('close', () => {
      if (connections.remove(connection)) delegate.onFlowClosed(flow);
    });
  }
}

function isKeepAlivePing(bytes: Buffer): boolean {
  if (bytes.length === 0 || bytes.length > 8) return false;
  for (const byte of bytes) if (byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}
