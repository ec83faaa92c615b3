/**
 * The kernel's UDP counters for the whole machine (/proc/net/snmp): on loopback a datagram is lost only
 * where the kernel counts it (a full receive or send buffer, no socket on the port), so their change
 * during a measurement says whether anything on the machine dropped UDP, and where.
 */
import { readFileSync } from 'node:fs';

export interface UdpCounters {
  readonly inDatagrams: number;
  readonly noPorts: number;
  readonly inErrors: number;
  readonly receiveBufferErrors: number;
  readonly sendBufferErrors: number;
}

export function udpCounters(): UdpCounters {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('Udp:'));
  const [names = [], values = []] = lines.map((line) => line.split(/\s+/).slice(1));
  const field = (name: string) => Number(values[names.indexOf(name)] ?? NaN);
  return {
    inDatagrams: field('InDatagrams'),
    noPorts: field('NoPorts'),
    inErrors: field('InErrors'),
    receiveBufferErrors: field('RcvbufErrors'),
    sendBufferErrors: field('SndbufErrors'),
  };
}

export function udpDelta(before: UdpCounters, after: UdpCounters): UdpCounters {
  return {
    inDatagrams: after.inDatagrams - before.inDatagrams,
    noPorts: after.noPorts - before.noPorts,
    inErrors: after.inErrors - before.inErrors,
    receiveBufferErrors: after.receiveBufferErrors - before.receiveBufferErrors,
    sendBufferErrors: after.sendBufferErrors - before.sendBufferErrors,
  };
}

/**
 * Datagrams the kernel dropped at each open UDP socket of 127.0.0.1 (the `drops` column of /proc/net/udp),
 * by socket inode, with the socket's port. A socket's count goes when it closes: sample while it is open.
 */
export function socketDrops(): Map<string, { port: number; drops: number }> {
  const sockets = new Map<string, { port: number; drops: number }>();
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [address, portHex] = (fields[1] ?? '').split(':');
    if (address !== '0100007F' || !portHex) continue;
    sockets.set(fields[9]!, { port: parseInt(portHex, 16), drops: Number(fields[12] ?? 0) });
  }
  return sockets;
}

/** The largest drop count seen per socket across samples, summed by where the socket belongs. */
export class SocketDropWatch {
  private readonly seen = new Map<string, { port: number; drops: number }>();

  sample(): void {
    for (const [inode, socket] of socketDrops()) {
      const earlier = this.seen.get(inode);
      if (!earlier || socket.drops > earlier.drops) this.seen.set(inode, socket);
    }
  }

  /** Drops by label; `classify` names the owner of a port (or null for sockets of no interest). */
  totals(classify: (port: number) => string | null): Map<string, number> {
    const totals = new Map<string, number>();
    for (const { port, drops } of this.seen.values()) {
      const label = classify(port);
      if (label !== null && drops > 0) totals.set(label, (totals.get(label) ?? 0) + drops);
    }
    return totals;
  }
}
