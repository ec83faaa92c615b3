import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkStatus } from '../../store/session/initial-state.js';
import { createBackoff } from '../reconnect-backoff.js';
import { createPhoneLink, RegistrationRefusedError } from './phone-link.js';

/** A SIP server the test switches on and off. */
function fakeServer() {
  let up = true;
  let refuse = false;
  const calls: string[] = [];
  return {
    calls,
    set: (state: { up?: boolean; refuse?: boolean }) => {
      up = state.up ?? up;
      refuse = state.refuse ?? refuse;
    },
    connection: {
      connect: async () => {
        calls.push('connect');
        if (!up) throw new Error('connection refused');
      },
      register: async () => {
        calls.push('register');
        if (refuse) throw new RegistrationRefusedError(403);
      },
    },
  };
}

function setUp() {
  const server = fakeServer();
  const statuses: LinkStatus[] = [];
  const link = createPhoneLink({
    connection: server.connection,
    onStatus: (status) => statuses.push(status),
    backoff: createBackoff({ firstMs: 500, maxMs: 2_000, jitter: 0 }),
  });
  return { server, statuses, link };
}

describe('keeping the phone registered', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects and registers at start', async () => {
    const { server, statuses, link } = setUp();
    await link.start();
    expect(server.calls).toEqual(['connect', 'register']);
    expect(statuses).toEqual(['connecting', 'online']);
  });

  it('fails the start on a refusal, without retrying', async () => {
    const { server, statuses, link } = setUp();
    server.set({ refuse: true });
    await expect(link.start()).rejects.toBeInstanceOf(RegistrationRefusedError);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls).toEqual(['connect', 'register']);
    expect(statuses).toEqual(['connecting', 'offline']);
  });

  it('after a drop, retries with growing pauses until the server is back, then registers again', async () => {
    const { server, statuses, link } = setUp();
    await link.start();
    server.set({ up: false });
    link.lost();
    link.lost(); // a second report of the same drop changes nothing
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500); // attempt 1 fails
    await vi.advanceTimersByTimeAsync(1_000); // attempt 2 fails
    expect(server.calls.filter((call) => call === 'connect')).toHaveLength(3);
    server.set({ up: true });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    expect(server.calls.at(-1)).toBe('register');
  });

  it('stops retrying once closed', async () => {
    const { server, statuses, link } = setUp();
    await link.start();
    server.set({ up: false });
    link.lost();
    link.close();
    link.close();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.calls).toEqual(['connect', 'register']);
    expect(statuses.at(-1)).toBe('offline');
  });
});
