import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreeRange } from './testing/free-port-range.fixture.js';
import { MixerPortsExhaustedError, UdpPortPool } from './udp-port-pool.js';

const opened: Socket[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
});

async function open(pool: UdpPortPool): Promise<number> {
  const socket = await pool.open();
  opened.push(socket);
  return socket.address().port;
}

describe('UDP port pool', () => {
  it('binds on loopback to a port the system picks when no range is configured', async () => {
    const pool = new UdpPortPool();
    const socket = await pool.open();
    opened.push(socket);
    expect(socket.address()).toMatchObject({ address: '127.0.0.1' });
    expect(socket.address().port).toBeGreaterThan(0);
  });

  it('takes turns through its range, skips ports in use, and says so when none is left', async () => {
    const range = await findFreeRange(3);
    const pool = new UdpPortPool('127.0.0.1', range);
    expect(await open(pool)).toBe(range.min);
    expect(await open(new UdpPortPool('127.0.0.1', range))).toBe(range.min + 1); // another pool, same range
    expect(await open(pool)).toBe(range.max); // range.min + 1 was in use
    await expect(pool.open()).rejects.toThrow(MixerPortsExhaustedError);
    opened.pop()?.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await open(pool)).toBe(range.max);
  });

  it('refuses a range that cannot be', () => {
    expect(() => new UdpPortPool('127.0.0.1', { min: 0, max: 10 })).toThrow(TypeError);
    expect(() => new UdpPortPool('127.0.0.1', { min: 40_000, max: 39_999 })).toThrow(TypeError);
    expect(() => new UdpPortPool('127.0.0.1', { min: 65_000, max: 70_000 })).toThrow(TypeError);
  });
});
