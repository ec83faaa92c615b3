/**
 * Keeps the agent's phone registered: connects the SIP transport, registers, and after a drop (network
 * change, server restart, a refresh that failed) connects and registers again with backoff, for as long as
 * the agent is signed in. What it does to SIP is handed in (`PhoneConnection`), so the logic is tested
 * without a network.
 *
 * ```
 *   connecting --registered--> online --lost--> reconnecting --registered--> online
 *        |                                           |   ^
 *        +--refused (wrong password)--> offline      +---+ attempt failed: wait (backoff), try again
 *   close() from any state --> offline
 * ```
 */
import type { LinkStatus } from '../../store/session/initial-state.js';
import { createBackoff, type Backoff } from '../reconnect-backoff.js';

export interface PhoneConnection {
  /** Opens the SIP transport (or checks that it is open). */
  connect(): Promise<void>;
  /** Sends REGISTER; resolves once registered, rejects with `RegistrationRefusedError` on a final refusal. */
  register(): Promise<void>;
}

/** The registrar refused the REGISTER (wrong password, unknown agent). */
export class RegistrationRefusedError extends Error {
  override readonly name = 'RegistrationRefusedError';

  constructor(readonly statusCode: number) {
    super(`REGISTER refused with ${statusCode}`);
  }
}

export interface PhoneLinkOptions {
  readonly connection: PhoneConnection;
  readonly onStatus: (status: LinkStatus) => void;
  readonly backoff?: Backoff;
}

export interface PhoneLink {
  /** First connection and registration; rejects when either fails (nothing is retried then). */
  start(): Promise<void>;
  /** The transport dropped or the registration was lost: reconnect (ignored unless online). */
  lost(): void;
  close(): void;
}

export function createPhoneLink(options: PhoneLinkOptions): PhoneLink {
  const backoff = options.backoff ?? createBackoff();
  let status: LinkStatus = 'offline';
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const move = (next: LinkStatus) => {
    if (status === next) return;
    status = next;
    options.onStatus(next);
  };

  const attempt = async () => {
    await options.connection.connect();
    await options.connection.register();
  };

  const retry = () => {
    clearTimeout(retryTimer);
    if (closed) return;
    retryTimer = setTimeout(() => {
      if (closed) return;
      attempt().then(
        () => {
          if (closed) return;
          backoff.reset();
          move('online');
        },
        () => retry(),
      );
    }, backoff.next());
  };

  return {
    async start() {
      if (status !== 'offline' || closed) return;
      move('connecting');
      try {
        await attempt();
      } catch (error) {
        move('offline');
        throw error;
      }
      if (!closed) move('online');
    },
    lost() {
      if (closed || status !== 'online') return;
      move('reconnecting');
      retry();
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      move('offline');
    },
  };
}
