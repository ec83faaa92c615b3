import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkStatus } from '../store/session/initial-state.js';
import { createEventStream, EventStreamAuthError, eventStreamUrl, type SocketLike } from './event-stream.js';
import { createBackoff } from './reconnect-backoff.js';

/** A WebSocket the test plays the server of. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.serverCloses(code);
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  says(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  serverCloses(code: number) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
}

function setUp() {
  const sockets: FakeSocket[] = [];
  const statuses: LinkStatus[] = [];
  const agent = vi.fn();
  const stats = vi.fn();
  const stream = createEventStream({
    url: 'ws://127.0.0.1:8080/api/events',
    credentials: { username: 'alice', password: 'demo' },
    handlers: { ready: vi.fn(), agent, stats, call: vi.fn() },
    onStatus: (status) => statuses.push(status),
    socket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    backoff: createBackoff({ firstMs: 500, jitter: 0 }),
  });
  return { sockets, statuses, agent, stats, stream };
}

describe('the event stream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lives next to the page: ws for http, wss for https', () => {
    expect(eventStreamUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api/events');
    expect(eventStreamUrl('https://tandem.example.org')).toBe('wss://tandem.example.org/api/events');
  });

  it('authenticates first, then hands each message to its handler and ignores garbage', async () => {
    const { sockets, statuses, agent, stats, stream } = setUp();
    const started = stream.start();
    sockets[0]!.open();
    expect(JSON.parse(sockets[0]!.sent[0]!)).toEqual({ type: 'auth', username: 'alice', password: 'demo' });
    sockets[0]!.says({ type: 'ready', agent: { id: 'a1' } });
    await started;
    sockets[0]!.says({ type: 'agent', state: 'Available' });
    sockets[0]!.says({ type: 'stats', queues: [] });
    sockets[0]!.onmessage?.({ data: 'not json' } as MessageEvent);
    expect(agent).toHaveBeenCalledWith({ type: 'agent', state: 'Available' });
    expect(stats).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['connecting', 'online']);
    stream.close();
  });

  it('rejects the start when the server refuses the credentials', async () => {
    const { sockets, stream } = setUp();
    const started = stream.start();
    sockets[0]!.open();
    sockets[0]!.serverCloses(4401);
    await expect(started).rejects.toBeInstanceOf(EventStreamAuthError);
  });

  it('reconnects after the server went away, until it is back', async () => {
    const { sockets, statuses, stream } = setUp();
    const started = stream.start();
    sockets[0]!.open();
    sockets[0]!.says({ type: 'ready' });
    await started;
    sockets[0]!.serverCloses(1001);
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    sockets[1]!.serverCloses(1006); // still down
    await vi.advanceTimersByTimeAsync(1_000);
    sockets[2]!.open();
    sockets[2]!.says({ type: 'ready' });
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    stream.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(3);
  });
});
