import { parseDialLink, type DialRequest } from './dial-link.std.js';
import type { Logger } from './logger.std.js';

/**
 * Dial requests from `tel:`/`sip:`/`callto:` links, waiting for the page to take them. A link can arrive
 * before the page has loaded or before the agent signed in (it may even be what started Tandem), so the main
 * process keeps it and tells the page one is waiting; the page takes it when it can dial. Each request is
 * taken once, so a reload never dials twice, and a request nobody took for `maximumAgeMs` is dropped: a
 * click from minutes ago must not suddenly place a call.
 */
export interface PendingDialRequestsOptions {
  logger: Logger;
  now?: () => number;
  maximumAgeMs?: number;
}

export class PendingDialRequests {
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #maximumAgeMs: number;
  #waiting: { request: DialRequest; receivedAt: number } | null = null;

  constructor(options: PendingDialRequestsOptions) {
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#maximumAgeMs = options.maximumAgeMs ?? 120_000;
  }

  /** Parses and keeps `link` (a newer link replaces an older one); false when the link was refused. */
  receive(link: string): boolean {
    const parsed = parseDialLink(link);
    if (!parsed.ok) {
      this.#logger.warn({ problem: parsed.error }, 'dial link refused');
      return false;
    }
    this.#logger.info({ kind: parsed.value.kind, scheme: parsed.value.scheme }, 'dial link received');
    this.#waiting = { request: parsed.value, receivedAt: this.#now() };
    return true;
  }

  /** The waiting request, removed; `null` when none is waiting or it is too old. */
  take(): DialRequest | null {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting === null) {
      return null;
    }
    if (this.#now() - waiting.receivedAt > this.#maximumAgeMs) {
      this.#logger.info({}, 'dial link dropped: nobody took it in time');
      return null;
    }
    return waiting.request;
  }
}
