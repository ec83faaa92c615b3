/**
 * The transport layer's contract with the layers above it. A transport moves bytes; it knows
 * nothing of transactions or dialogs and calls upward only through `TransportDelegate`.
 *
 * A `Flow` is the path one message came in on and a response or later request must go out on
 * (RFC 5626 section 3.1): a UDP 5-tuple, or one TCP, TLS or WebSocket connection. SIP.js clients
 * put `*.invalid` hosts in Via and Contact, so the WebSocket connection is the only way back to them.
 */
export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface Endpoint {
  host: string;
  port: number;
}

export interface Flow {
  /** Stable while the flow lives, e.g. `wss:127.0.0.1:52344#17`. */
  readonly id: string;
  readonly protocol: TransportProtocol;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** Stream and WebSocket flows are reliable (no retransmissions: RFC 3261 17.1.1.2). */
  readonly reliable: boolean;
}

export interface TransportDelegate {
  /** One complete SIP message (a datagram, a Content-Length frame or a WebSocket message). */
  onMessage(data: Buffer, flow: Flow): void;
  /** A connection-oriented flow closed; bindings that use it must go (RFC 5626 section 5.2). */
  onFlowClosed(flow: Flow): void;
}

export interface TransportLimits {
  /** Largest message accepted; larger ones close the connection (streams) or are dropped. */
  maxMessageBytes: number;
  /** Connections accepted in all; further ones are refused. */
  maxConnections: number;
  /** Connections accepted from one source address. */
  maxConnectionsPerSource: number;
  /** A connection with no traffic for this long is closed. */
  idleTimeoutMs: number;
}

export interface ListenerOptions {
  protocol: TransportProtocol;
  host: string;
  port: number;
  /** PEM certificate and key, for tls and wss. */
  tls?: { cert: Buffer; key: Buffer };
}

/** Sending to a flow that no longer exists: the peer went away. */
export class FlowClosedError extends Error {
  override name = 'FlowClosedError';
}
