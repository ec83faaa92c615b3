/**
 * Ports on 127.0.0.1 that were free a moment ago: bind port 0, read what the system chose, close. Other
 * benchmarks and tests run on this machine at the same time, so no fixed port is ever used.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export function freeTcpPort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (chosen > 0 ? resolve(chosen) : reject(new Error('no TCP port was chosen'))));
    });
  });
}

export function freeUdpPort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', reject);
    socket.bind({ address: LOOPBACK, port, exclusive: true }, () => {
      const chosen = socket.address().port;
      socket.close(() => resolve(chosen));
    });
  });
}

/** A port free for both UDP and TCP, for a SIP listener that serves both on one port. */
export async function freeUdpAndTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeUdpPort();
    try {
      return await freeTcpPort(port);
    } catch {
      // Taken over TCP: try another.
    }
  }
  throw new Error('found no port on 127.0.0.1 free for both UDP and TCP');
}
