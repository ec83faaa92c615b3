/**
 * Ports for tests that run a real rtpengine: a random block below the kernel's ephemeral range
 * (32768 and up, where our own client sockets land) and clear of Tandem's defaults (ng 22222,
 * media 30000-30999), so test runs in parallel and a developer's running Tandem do not collide.
 */
import { createSocket } from 'node:dgram';

export interface TestPortRange {
  ngPort: number;
  portMin: number;
  portMax: number;
}

const LOWEST = 10_000;
const HIGHEST = 29_900;
const DEFAULT_NG_PORT = 22_222;

export async function freePortRange(mediaPorts = 60): Promise<TestPortRange> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const ngPort = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST - mediaPorts));
    const range = { ngPort, portMin: ngPort + 1, portMax: ngPort + mediaPorts };
    if (range.ngPort <= DEFAULT_NG_PORT && DEFAULT_NG_PORT <= range.portMax) continue;
    const probes = [range.ngPort, range.portMin, range.portMin + 1, range.portMax - 1, range.portMax];
    if ((await Promise.all(probes.map(isFreeUdpPort))).every(Boolean)) return range;
  }
  throw new Error('no free UDP port range found for rtpengine');
}

function isFreeUdpPort(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
