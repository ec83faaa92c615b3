/**
 * All SIP listeners of one node (UDP, TCP, TLS, WS, WSS) behind one interface: messages come up
 * to the delegate with the flow they arrived on, and go out either on a known flow (responses,
 * requests to WebSocket clients) or to an address (requests toward trunks; stream connections to
 * the same destination are reused).
 */
import type { Logger } from '../../shared/logger.js';
import { ConnectionTable } from './connection-table.js';
import { StreamTransport } from './stream-transport.js';
import {
  FlowClosedError,
  type Endpoint,
  type Flow,
  type ListenerOptions,
  type TransportDelegate,
  type TransportLimits,
  type TransportProtocol,
} from './transport-types.js';
import { UdpTransport } from './udp-transport.js';
import { WebSocketTransport } from './websocket-transport.js';

export interface TransportLayerOptions {
  listeners: readonly ListenerOptions[];
  limits: TransportLimits;
  logger: Logger;
}

export class TransportLayer {
  private readonly connections: ConnectionTable;
  private readonly udp = new Map<string, UdpTransport>();
  private readonly streams = new Map<'tcp' | 'tls', StreamTransport>();
  private readonly websockets = new Map<'ws' | 'wss', WebSocketTransport>();
  private delegate: TransportDelegate | null = null;

  constructor(private readonly options: TransportLayerOptions) {
    this.connections = new ConnectionTable(options.limits);
  }

  /** The layer above; set before start(). */
  setDelegate(delegate: TransportDelegate): void {
    this.delegate = delegate;
  }

  async start(): Promise<void> {
    const upward: TransportDelegate = {
      onMessage: (data, flow) => this.delegate?.onMessage(data, flow),
      onFlowClosed: (flow) => this.delegate?.onFlowClosed(flow),
    };
    const { limits, logger } = this.options;
    try {
      for (const listener of this.options.listeners) {
        const endpoint = { host: listener.host, port: listener.port };
        const describe = `${listener.protocol.toUpperCase()} ${listener.host}:${listener.port}`;
        try {
          if (listener.protocol === 'udp') {
            const udp = new UdpTransport(endpoint, limits, upward, (error) =>
              logger.error({ err: error }, 'UDP socket error'),
            );
            await udp.start();
            this.udp.set(`${udp.local.host}:${udp.local.port}`, udp);
          } else if (listener.protocol === 'tcp' || listener.protocol === 'tls') {
            const stream = new StreamTransport({
              protocol: listener.protocol,
              endpoint,
              tls: listener.tls,
              limits,
              connections: this.connections,
              delegate: upward,
              logger,
            });
            await stream.start();
            this.streams.set(listener.protocol, stream);
          } else {
            const websocket = new WebSocketTransport({
              protocol: listener.protocol,
              endpoint,
              tls: listener.tls,
              limits,
              connections: this.connections,
              delegate: upward,
              logger,
            });
            await websocket.start();
            this.websockets.set(listener.protocol, websocket);
          }
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new Error(
            code === 'EADDRINUSE'
              ? `SIP ${describe} is already in use`
              : `SIP ${describe} cannot listen: ${(error as Error).message}`,
            { cause: error },
          );
        }
        logger.info({ listener: describe }, 'SIP listening');
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const all = [...this.websockets.values(), ...this.streams.values(), ...this.udp.values()];
    this.websockets.clear();
    this.streams.clear();
    this.udp.clear();
    await Promise.all(all.map((transport) => transport.stop()));
    this.connections.stopSweeper();
  }

  /** Where a protocol listens (for Via and Contact), or null when it is not enabled. */
  localEndpoint(protocol: TransportProtocol): Endpoint | null {
    if (protocol === 'udp') return this.udp.values().next().value?.local ?? null;
    if (protocol === 'tcp' || protocol === 'tls') return this.streams.get(protocol)?.local ?? null;
    return this.websockets.get(protocol)?.local ?? null;
  }

  /** Number of open stream and WebSocket connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Whether a connection-oriented flow is still open (UDP flows always are). */
  isOpen(flow: Flow): boolean {
    return !flow.reliable || this.connections.get(flow.id) !== undefined;
  }

  /** Sends on the flow a message came in on; throws FlowClosedError when its connection is gone. */
  async sendOnFlow(data: Buffer, flow: Flow): Promise<void> {
    if (flow.protocol === 'udp') {
      const udp = this.udp.get(`${flow.local.host}:${flow.local.port}`) ?? this.udp.values().next().value;
      if (!udp) throw new FlowClosedError('no UDP listener');
      return udp.send(data, flow.remote);
    }
    const connection = this.connections.get(flow.id);
    if (!connection) throw new FlowClosedError(`flow ${flow.id} is closed`);
    connection.lastActivity = Date.now();
    return connection.send(data);
  }

  /** Sends to an address, reusing or opening a connection for TCP and TLS; returns the flow used. */
  async sendTo(data: Buffer, protocol: TransportProtocol, remote: Endpoint): Promise<Flow> {
    if (protocol === 'udp') {
      const udp = this.udp.values().next().value;
      if (!udp) throw new Error('UDP is not enabled');
      await udp.send(data, remote);
      return udp.flowTo(remote);
    }
    if (protocol === 'ws' || protocol === 'wss') {
      const existing = this.connections.findByRemote(protocol, remote);
      if (!existing) throw new FlowClosedError('WebSocket peers can only be reached on their own connection');
      await existing.send(data);
      return existing.flow;
    }
    const stream = this.streams.get(protocol);
    if (!stream) throw new Error(`${protocol.toUpperCase()} is not enabled`);
    const flow = await stream.connect(remote);
    await this.sendOnFlow(data, flow);
    return flow;
  }
}
