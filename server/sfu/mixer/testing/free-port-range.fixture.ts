/** A block of consecutive UDP ports on 127.0.0.1 that were all free a moment ago, for port-range tests. */
import { createSocket, type Socket } from 'node:dgram';
import type { PortRange } from '../udp-port-pool.js';

export async function findFreeRange(size: number): Promise<PortRange> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Below the kernel's ephemeral range, clear of rtpengine's default 30000-30999.
    const min = 12_000 + Math.floor(Math.random() * 16_000);
    const sockets: Socket[] = [];
    try {
      for (let port = min; port < min + size; port += 1) {
        const socket = createSocket('udp4');
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(port, '127.0.0.1', resolve);
        });
      }
      return { min, max: min + size - 1 };
    } catch {
      // one was taken: try another block
    } finally {
      for (const socket of sockets) {
        try {
          socket.close();
        } catch {
          // never bound
        }
      }
    }
  }
  throw new Error('no free UDP port range found');
}
