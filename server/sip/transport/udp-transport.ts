/**
 * SIP over UDP (RFC 3261 section 18): one datagram is one message. A flow is the 5-tuple of our
 * socket and the peer's address, so responses leave from the port the request arrived on
 * (RFC 3581 symmetric response routing).
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Endpoint, Flow, TransportDelegate, TransportLimits } from './transport-types.js';

export class UdpTransport {
  private socket: Socket | null = null;
  private localEndpoint: Endpoint | null = null;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly limits: TransportLimits,
    private readonly delegate: TransportDelegate,
    private readonly onError: (error: Error) => void,
  ) {}

  get local(): Endpoint {
    if (!this.localEndpoint) throw new Error('the UDP transport is not listening');
    return this.localEndpoint;
  }

  async start(): Promise<void> {
    const socket = createSocket({
      type: this.endpoint.host.includes(':') ? 'udp6' : 'udp4',
      recvBufferSize: 4 << 20,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.endpoint.port, this.endpoint.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => this.onError(error));
    socket.on('message', (data, info) => {
      if (data.length > this.limits.maxMessageBytes) return; // RFC 3261 18.1.1: too large for us; drop
      if (isKeepAlive(data)) return;
      this.delegate.onMessage(data, this.flowTo({ host: info.address, port: info.port }));
    });
    const address = socket.address();
    this.localEndpoint = { host: address.address, port: address.port };
    this.socket = socket;
  }

  flowTo(remote: Endpoint): Flow {
    const local = this.local;
    return {
      id: `udp:${local.host}:${local.port}>${remote.host}:${remote.port}`,
      protocol: 'udp',
      local,
      remote,
      reliable: false,
    };
  }

  send(data: Buffer, remote: Endpoint): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('the UDP transport is stopped'));
    return new Promise((resolve, reject) =>
      socket.send(data, remote.port, remote.host, (error) => (error ? reject(error) : resolve())),
    );
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

/** Bare CRLFs (STUN-less keep-alives some devices send over UDP) carry no message. */
function isKeepAlive(data: Buffer): boolean {
  for (const byte of data) if (byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}
