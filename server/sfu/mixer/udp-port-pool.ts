/**
 * UDP sockets for mixer participants, bound on loopback: on a port the system picks, or on the
 * next free port of a configured range (shared by every mixer of the process, so they take turns
 * through it instead of all trying the lowest port first).
 */
import { createSocket, type Socket } from 'node:dgram';

export interface PortRange {
  min: number;
  max: number;
}

/** Every port of the range is taken. The calls layer answers 503, as for a media plane that is down. */
export class MixerPortsExhaustedError extends Error {
  override name = 'MixerPortsExhaustedError';
}

export class UdpPortPool {
  private cursor: number;

  /** @param range ports to use, inclusive; null lets the system choose (port 0) */
  constructor(
    readonly address = '127.0.0.1',
    private readonly range: PortRange | null = null,
  ) {
    if (range && !(Number.isInteger(range.min) && Number.isInteger(range.max) && range.min >= 1)) {
      throw new TypeError(`bad mixer port range ${range.min}-${range.max}`);
    }
    if (range && (range.max > 65535 || range.max < range.min)) {
      throw new TypeError(`bad mixer port range ${range.min}-${range.max}`);
    }
    this.cursor = range?.min ?? 0;
  }

  async open(): Promise<Socket> {
    if (!this.range) return bindUdp(0, this.address);
    const { min, max } = this.range;
    for (let attempt = 0; attempt <= max - min; attempt += 1) {
      const port = this.cursor;
      this.cursor = port >= max ? min : port + 1;
      try {
        return await bindUdp(port, this.address);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    throw new MixerPortsExhaustedError(`no free UDP port in ${min}-${max} on ${this.address}`);
  }
}

function bindUdp(port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4' });
    const failed = (error: Error) => {
      try {
        socket.close();
      } catch {
        // never bound: nothing to release
      }
      reject(error);
    };
    socket.once('error', failed);
    socket.bind(port, address, () => {
      socket.off('error', failed);
      resolve(socket);
    });
  });
}
