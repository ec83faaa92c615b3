/**
 * The live connections of the stream and WebSocket transports: admission limits (in all and per
 * source address), lookup by flow id and by remote endpoint for connection reuse (RFC 3261
 * section 18.1.1: a request or response goes out on an existing connection to the same
 * destination when there is one), and an idle sweep.
 */
import type { Endpoint, Flow, TransportLimits } from './transport-types.js';

export interface Connection {
  readonly flow: Flow;
  lastActivity: number;
  send(data: Buffer): Promise<void>;
  /** Closes the underlying socket; the transport then calls `ConnectionTable.remove`. */
  close(reason: string): void;
}

export class ConnectionTable {
  private readonly byId = new Map<string, Connection>();
  private readonly byRemote = new Map<string, Connection>();
  private readonly perSource = new Map<string, number>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: TransportLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why a new connection from `source` must be refused, or null when it may be accepted. */
  admissionRefusal(source: string): string | null {
    if (this.byId.size >= this.limits.maxConnections) return 'too many connections';
    if ((this.perSource.get(source) ?? 0) >= this.limits.maxConnectionsPerSource) {
      return `too many connections from ${source}`;
    }
    return null;
  }

  add(connection: Connection): void {
    this.byId.set(connection.flow.id, connection);
    this.byRemote.set(remoteKey(connection.flow.protocol, connection.flow.remote), connection);
    const source = connection.flow.remote.host;
    this.perSource.set(source, (this.perSource.get(source) ?? 0) + 1);
    this.startSweeper();
  }

  remove(connection: Connection): boolean {
    if (this.byId.get(connection.flow.id) !== connection) return false;
    this.byId.delete(connection.flow.id);
    const key = remoteKey(connection.flow.protocol, connection.flow.remote);
    if (this.byRemote.get(key) === connection) this.byRemote.delete(key);
    const source = connection.flow.remote.host;
    const count = (this.perSource.get(source) ?? 1) - 1;
    if (count <= 0) this.perSource.delete(source);
    else this.perSource.set(source, count);
    if (this.byId.size === 0) this.stopSweeper();
    return true;
  }

  get(flowId: string): Connection | undefined {
    return this.byId.get(flowId);
  }

  findByRemote(protocol: Flow['protocol'], remote: Endpoint): Connection | undefined {
    return this.byRemote.get(remoteKey(protocol, remote));
  }

  get size(): number {
    return this.byId.size;
  }

  all(): Connection[] {
    return [...this.byId.values()];
  }

  /** Closes connections idle for longer than the limit; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.limits.idleTimeoutMs;
    let closed = 0;
    for (const connection of this.byId.values()) {
      if (connection.lastActivity < cutoff) {
        connection.close('idle timeout');
        closed++;
      }
    }
    return closed;
  }

  stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    const every = Math.max(1_000, Math.min(60_000, Math.floor(this.limits.idleTimeoutMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }
}

function remoteKey(protocol: Flow['protocol'], remote: Endpoint): string {
  return `${protocol}:${remote.host}:${remote.port}`;
}
