/**
 * SIP over TCP and TLS (RFC 3261 section 18, RFC 5630 for sips): a server that accepts
 * connections, and outbound connections toward trunks that are reused for everything sent to the
 * same destination. Messages are cut by Content-Length (StreamFramer); a CRLF CRLF ping gets a CRLF
 * pong (RFC 5626 section 4.4.1); a framing error or an oversized message closes the connection.
 */
import { createServer as createTcpServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Logger } from '../../shared/logger.js';
import type { ConnectionTable } from './connection-table.js';
import { type Connection } from './connection-table.js';
import { StreamFramer } from './stream-framer.js';
import type { Endpoint, Flow, TransportDelegate, TransportLimits } from './transport-types.js';

const PONG = Buffer.from('\r\n');
let serial = 0;

export interface StreamTransportOptions {
  protocol: 'tcp' | 'tls';
  endpoint: Endpoint;
  tls?: { cert: Buffer; key: Buffer };
  limits: TransportLimits;
  connections: ConnectionTable;
  delegate: TransportDelegate;
  logger: Logger;
}

export class StreamTransport {
  private server: Server | null = null;
  private localEndpoint: Endpoint | null = null;

  constructor(private readonly options: StreamTransportOptions) {}

  get local(): Endpoint {
    if (!this.localEndpoint) throw new Error(`the ${this.options.protocol} transport is not listening`);
    return this.localEndpoint;
  }

  async start(): Promise<void> {
    const { protocol, tls } = this.options;
    if (protocol === 'tls' && !tls) throw new TypeError('SIP over TLS needs a certificate and key');
    const onSocket = (socket: Socket) => this.accept(socket);
    const server =
      protocol === 'tls'
        ? createTlsServer({ cert: tls!.cert, key: tls!.key, minVersion: 'TLSv1.2' }, onSocket)
        : createTcpServer(onSocket);
    server.on('tlsClientError', (error: Error) =>
      this.options.logger.debug({ err: error }, 'TLS handshake failed'),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.endpoint.port, this.options.endpoint.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.options.logger.error({ err: error }, `${protocol} listener error`));
    const address = server.address() as { address: string; port: number };
    this.localEndpoint = { host: address.address, port: address.port };
    this.server = server;
  }

  /** An existing connection to `remote`, or a new one (for requests toward trunks). */
  async connect(remote: Endpoint, tlsOptions: ConnectionOptions = {}): Promise<Flow> {
    const existing = this.options.connections.findByRemote(this.options.protocol, remote);
    if (existing) return existing.flow;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const socket =
        this.options.protocol === 'tls'
          ? tlsConnect({ host: remote.host, port: remote.port, minVersion: 'TLSv1.2', ...tlsOptions }, () =>
              resolve(socket),
            )
          : tcpConnect({ host: remote.host, port: remote.port }, () => resolve(socket));
      socket.once('error', reject);
      socket.setTimeout(10_000, () =>
        socket.destroy(new Error(`connecting to ${remote.host}:${remote.port} timed out`)),
      );
    });
    socket.setTimeout(0);
    socket.removeAllListeners('error');
    return this.attach(socket).flow;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const connection of this.options.connections.all()) {
      if (connection.flow.protocol === this.options.protocol) connection.close('transport stopping');
    }
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const source = socket.remoteAddress ?? 'unknown';
    const refusal = this.options.connections.admissionRefusal(source);
    if (refusal) {
      this.options.logger.warn({ source, reason: refusal }, 'connection refused');
      socket.destroy();
      return;
    }
    this.attach(socket);
  }

  private attach(socket: Socket): Connection {
    const { protocol, connections, delegate, limits, logger } = this.options;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const remote = { host: socket.remoteAddress ?? 'unknown', port: socket.remotePort ?? 0 };
    const local = { host: socket.localAddress ?? 'unknown', port: socket.localPort ?? 0 };
    const flow: Flow = {
      id: `${protocol}:${remote.host}:${remote.port}#${++serial}`,
      protocol,
      local,
      remote,
      reliable: true,
    };
    const framer = new StreamFramer(limits.maxMessageBytes);
    const connection: Connection = {
      flow,
      lastActivity: Date.now(),
      send: (data) =>
        new Promise((resolve, reject) => {
          if (socket.destroyed) return reject(new Error('connection closed'));
          socket.write(data, (error) => (error ? reject(error) : resolve()));
        }),
      close: (reason) => {
        logger.debug({ flow: flow.id, reason }, 'closing connection');
        socket.destroy();
      },
    };
    connections.add(connection);
    socket.on('data', (chunk: Buffer) => {
      connection.lastActivity = Date.now();
      for (const event of framer.push(chunk)) {
        if (event.kind === 'message') delegate.onMessage(event.data, flow);
        else if (event.kind === 'ping') socket.write(PONG);
        else {
          logger.info({ flow: flow.id, reason: event.reason }, 'closing connection after a framing error');
          socket.destroy();
          return;
        }
      }
    });
    socket.on('error', (error) => logger.debug({ err: error, flow: flow.id }, 'connection error'));
    socket.on('close', () => {
      if (connections.remove(connection)) delegate.onFlowClosed(flow);
    });
    return connection;
  }
}
