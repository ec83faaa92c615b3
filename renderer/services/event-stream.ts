/**
 * The server's live event stream (`/api/events`, server/api/call-event-stream.ts): the agent's ACD state,
 * queue figures and call events. Authenticates with the first message, reconnects with backoff when the
 * connection drops (a server restart, a network change), and reports its status:
 *
 * ```
 *   connecting --ready--> online --closed--> reconnecting --ready--> online
 *        |                                        |
 *        +--wrong password (4401)--> stopped <----+   close() from any state --> stopped
 * ```
 */
import type { LinkStatus } from '../store/session/initial-state.js';
import type { Credentials } from './agent-api.js';
import { createBackoff, type Backoff } from './reconnect-backoff.js';

/** The part of the browser's WebSocket the stream uses, so that tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface EventStreamHandlers {
  /** The server accepted the credentials (`{"type":"ready","agent":{...}}`), at every (re)connection. */
  ready(message: Record<string, unknown>): void;
  agent(message: Record<string, unknown>): void;
  stats(message: Record<string, unknown>): void;
  call(event: Record<string, unknown>): void;
}

export interface EventStreamOptions {
  /** `ws://host:port/api/events` or `wss://...` (see `eventStreamUrl`). */
  readonly url: string;
  readonly credentials: Credentials;
  readonly handlers: EventStreamHandlers;
  readonly onStatus: (status: LinkStatus) => void;
  readonly socket?: SocketFactory;
  readonly backoff?: Backoff;
  /** How long one connection attempt may take until `ready`. */
  readonly connectTimeoutMs?: number;
}

/** The server closed the stream because the credentials are wrong (close code 4401). */
export class EventStreamAuthError extends Error {
  override readonly name = 'EventStreamAuthError';
}

export interface EventStream {
  /** Connects; resolves at the first `ready`, rejects if the first attempt fails. Reconnects after that. */
  start(): Promise<void>;
  /** Stops for good. May be called twice. */
  close(): void;
}

export function eventStreamUrl(serverBaseUrl: string): string {
  const url = new URL('/api/events', serverBaseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

const AUTH_REFUSED = 4401;

/** A JSON object, or undefined for anything else (ignored rather than fallen over). */
function parseMessage(data: unknown): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(String(data));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function createEventStream(options: EventStreamOptions): EventStream {
  const socketFactory = options.socket ?? ((url: string) => new WebSocket(url));
  const backoff = options.backoff ?? createBackoff();
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  let socket: SocketLike | undefined;
  let stopped = false;
  let everReady = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnecting = false;

  const dispatch = (data: unknown) => {
    const message = parseMessage(data);
    if (stopped || message === undefined) return;
    switch (message['type']) {
      case 'agent':
        options.handlers.agent(message);
        return;
      case 'stats':
        options.handlers.stats(message);
        return;
      case 'call': {
        const event = message['event'];
        if (typeof event === 'object' && event !== null)
          options.handlers.call(event as Record<string, unknown>);
        return;
      }
      default:
        return;
    }
  };

  /** One connection attempt: resolves when ready, rejects when it closes before that. */
  const connect = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const current = socketFactory(options.url);
      socket = current;
      let ready = false;
      const timer = setTimeout(() => current.close(4000, 'no ready in time'), connectTimeoutMs);
      current.onopen = () => {
        const { username, password } = options.credentials;
        current.send(JSON.stringify({ type: 'auth', username, password }));
      };
      current.onmessage = (event) => {
        if (!ready) {
          const message = parseMessage(event.data);
          if (message?.['type'] === 'ready') {
            ready = true;
            options.handlers.ready(message);
            clearTimeout(timer);
            backoff.reset();
            everReady = true;
            reconnecting = false;
            if (!stopped) options.onStatus('online');
            resolve();
          }
          return;
        }
        dispatch(event.data);
      };
      current.onerror = () => {
        // A close event always follows; that is where the stream decides what to do.
      };
      current.onclose = (event) => {
        clearTimeout(timer);
        if (socket === current) socket = undefined;
        if (!ready) {
          reject(
            event.code === AUTH_REFUSED
              ? new EventStreamAuthError('the event stream refused the credentials')
              : new Error(`the event stream closed before it was ready (${event.code})`),
          );
        }
        if (ready) scheduleReconnect();
      };
    });

  const scheduleReconnect = () => {
    if (stopped) return;
    if (!reconnecting) options.onStatus('reconnecting');
    reconnecting = true;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (stopped) return;
      connect().catch((error: unknown) => {
        if (error instanceof EventStreamAuthError) {
          // The password changed while signed in: stop trying, the agent must sign in again.
          stopped = true;
          options.onStatus('offline');
          return;
        }
        scheduleReconnect();
      });
    }, backoff.next());
  };

  return {
    async start() {
      if (everReady || stopped) return;
      options.onStatus('connecting');
      await connect();
    },
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      const current = socket;
      socket = undefined;
      // Its close event still settles a start() under way; `stopped` keeps it from reconnecting.
      current?.close(1000, 'signed out');
    },
  };
}
