/**
 * The TLS connections of the Direct Routing trunk, as the `MessageSender` of its own transaction
 * layer. The SIP stack's TLS transport serves agents and carriers with one certificate and reuses
 * connections by remote address; the trunk needs more: a connection per tenant and proxy (each
 * tenant presents its own SBC certificate), proxies reached by name through an injectable resolver
 * (SNI and certificate check by that name), and a listener whose SNI picks the tenant. So it keeps
 * its own connections and reuses the SIP stack's framing, parsing and transactions.
 */
import { lookup } from 'node:dns/promises';
import { createServer, connect, type Server, type TLSSocket } from 'node:tls';
import type { Logger } from '../../shared/logger.js';
import type { MessageSender } from '../../sip/transaction/transaction-types.js';
import { StreamFramer } from '../../sip/transport/stream-framer.js';
import {
  FlowClosedError,
  type Endpoint,
  type Flow,
  type TransportDelegate,
  type TransportProtocol,
} from '../../sip/transport/transport-types.js';
import type { ProxyAddress } from '../../teams/direct-routing/direct-routing-types.js';
import type { TrunkTls } from '../../teams/direct-routing/trunk-tls.js';

/** Turns a proxy name into an address; DNS by default, a fixed map in tests. */
export type NameResolver = (name: string) => Promise<string>;

export const resolveByDns: NameResolver = async (name) => (await lookup(name)).address;

export interface TrunkConnectionsOptions {
  tls: TrunkTls;
  listen: Endpoint;
  resolve: NameResolver;
  maxMessageBytes: number;
  logger: Logger;
  connectTimeoutMs?: number;
}

interface OpenConnection {
  readonly flow: Flow;
  readonly socket: TLSSocket;
  /** The tenant an outbound connection was opened for; the SNI name for inbound ones. */
  readonly tenant: string | undefined;
}

const PONG = Buffer.from('\r\n');
let serial = 0;

export class TrunkConnections implements MessageSender {
  private server: Server | null = null;
  private local: Endpoint | null = null;
  private delegate: TransportDelegate | null = null;
  private readonly open = new Map<string, OpenConnection>();
  private readonly outbound = new Map<string, Promise<Flow>>();

  constructor(private readonly options: TrunkConnectionsOptions) {}

  setDelegate(delegate: TransportDelegate): void {
    this.delegate = delegate;
  }

  /** Where Microsoft connects to; set once listening. */
  get listening(): Endpoint {
    if (!this.local) throw new Error('the Direct Routing listener is not started');
    return this.local;
  }

  get connectionCount(): number {
    return this.open.size;
  }

  async start(): Promise<void> {
    const server = createServer(this.options.tls.serverOptions(), (socket) =>
      this.attach(socket, socket.servername || undefined),
    );
    server.on('tlsClientError', (error) =>
      this.options.logger.info({ err: error }, 'a TLS client failed the Direct Routing handshake'),
    );
    const { host, port } = this.options.listen;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'EADDRINUSE'
          ? `Direct Routing TLS ${host}:${port} is already in use`
          : `Direct Routing TLS ${host}:${port} cannot listen: ${error.message}`,
        { cause: error },
      );
    });
    server.on('error', (error) => this.options.logger.error({ err: error }, 'Direct Routing listener error'));
    const address = server.address() as { address: string; port: number };
    this.local = { host: address.address, port: address.port };
    this.server = server;
  }

  /** Idempotent: closes the listener and every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const connection of this.open.values()) connection.socket.destroy();
    this.outbound.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The connection of `tenant` to `proxy`, opened (resolve, TLS handshake) when there is none. */
  connect(tenant: string, proxy: ProxyAddress): Promise<Flow> {
    if (!this.server) return Promise.reject(new FlowClosedError('the Direct Routing trunk is stopped'));
    const key = `${tenant.toLowerCase()}|${proxy.name.toLowerCase()}:${proxy.port}`;
    const existing = this.outbound.get(key);
    if (existing) return existing;
    const opening = this.openTo(tenant, proxy);
    this.outbound.set(key, opening);
    opening.then(
      (flow) => this.whenClosed(flow, () => this.outbound.get(key) === opening && this.outbound.delete(key)),
      () => this.outbound.get(key) === opening && this.outbound.delete(key),
    );
    return opening;
  }

  /** Whether a connection is still open (dialogs keep using the one their INVITE came or went on). */
  isOpen(flow: Flow): boolean {
    const connection = this.open.get(flow.id);
    return connection !== undefined && !connection.socket.destroyed;
  }

  /** The tenant a connection belongs to (opened for it, or named in SNI); undefined when unknown. */
  tenantOf(flow: Flow): string | undefined {
    return this.open.get(flow.id)?.tenant?.toLowerCase();
  }

  // ---- MessageSender ----

  async sendOnFlow(data: Buffer, flow: Flow): Promise<void> {
    const connection = this.open.get(flow.id);
    if (!connection || connection.socket.destroyed) throw new FlowClosedError(`flow ${flow.id} is closed`);
    await new Promise<void>((resolve, reject) =>
      connection.socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  /**
   * Only used for a response whose connection closed (RFC 3261 18.2.2): Microsoft's proxies are
   * reached by name on behalf of a tenant, never at a bare address, so there is no way back.
   */
  async sendTo(_data: Buffer, protocol: TransportProtocol, remote: Endpoint): Promise<Flow> {
    throw new FlowClosedError(
      `the trunk does not open ${protocol} connections to ${remote.host}:${remote.port}`,
    );
  }

  localEndpoint(protocol: TransportProtocol): Endpoint | null {
    return protocol === 'tls' ? this.local : null;
  }

  // ---- inside ----

  private async openTo(tenant: string, proxy: ProxyAddress): Promise<Flow> {
    const address = await this.options.resolve(proxy.name);
    const tlsOptions = this.options.tls.clientOptions(tenant, proxy.name);
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = connect({ ...tlsOptions, host: address, port: proxy.port }, () => resolve(socket));
      socket.once('error', (error) =>
        reject(
          new Error(`TLS to ${proxy.name}:${proxy.port} (${address}) failed: ${error.message}`, {
            cause: error,
          }),
        ),
      );
      socket.setTimeout(timeoutMs, () =>
        socket.destroy(new Error(`connecting to ${proxy.name}:${proxy.port} timed out`)),
      );
    });
    socket.setTimeout(0);
    socket.removeAllListeners('error');
    return this.attach(socket, tenant).flow;
  }

  private attach(socket: TLSSocket, tenant: string | undefined): OpenConnection {
    const { logger, maxMessageBytes } = this.options;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const remote = { host: socket.remoteAddress ?? 'unknown', port: socket.remotePort ?? 0 };
    const flow: Flow = {
      id: `tls:${remote.host}:${remote.port}#dr${++serial}`,
      protocol: 'tls',
      local: { host: socket.localAddress ?? 'unknown', port: socket.localPort ?? 0 },
      remote,
      reliable: true,
    };
    const connection: OpenConnection = { flow, socket, tenant };
    this.open.set(flow.id, connection);
    logger.debug({ flow: flow.id, tenant }, 'Direct Routing connection open');
    const framer = new StreamFramer(maxMessageBytes);
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        if (event.kind === 'message') this.delegate?.onMessage(event.data, flow);
        else if (event.kind === 'ping') socket.write(PONG);
        else {
          logger.info(
            { flow: flow.id, reason: event.reason },
            'closing a Direct Routing connection after a framing error',
          );
          socket.destroy();
          return;
        }
      }
    });
    socket.on('error', (error) =>
      logger.debug({ err: error, flow: flow.id }, 'Direct Routing connection error'),
    );
    socket.on('close', () => {
      if (this.open.get(flow.id) !== connection) return;
      this.open.delete(flow.id);
      this.delegate?.onFlowClosed(flow);
    });
    return connection;
  }

  private whenClosed(flow: Flow, then: () => void): void {
    const connection = this.open.get(flow.id);
    if (!connection) then();
    else connection.socket.once('close', then);
  }
}
