/**
 * The Graph implementation of routing's PresenceSource: polls getPresencesByUserId for the watched
 * users every interval, in requests of at most 650 ids, and reports each answer as a batch.
 *
 * ```
 *            success: wait intervalMs
 *          +-------------------------+
 *          v                         |
 *   [ idle/waiting ] --timer--> [ polling ] --429 / 503 / error / no answer--> [ waiting: back-off ]
 *          ^                                                                          |
 *          +----------------------------------- timer ---------------------------------+
 * ```
 * A throttled or failed poll waits for Retry-After when Graph sends one, else an exponential
 * back-off with jitter. Nothing here blocks routing: a poll that fails just delivers nothing, the
 * presences age, and the feeder's stale policy takes over. Health: ok, degraded (failing, still
 * retrying), down (downAfterFailures failures in a row).
 */
import type { Logger } from '../../shared/logger.js';
import type {
  PresenceListener,
  PresenceSource,
  PresenceSourceHealth,
  TeamsPresence,
} from '../../routing/presence/presence-source-types.js';
import {
  GraphRequestError,
  MAX_IDS_PER_PRESENCE_REQUEST,
  type GraphPresence,
} from './graph-presence-client.js';
import { retryDelayMs, type BackoffOptions } from './retry-delay.js';

/** What the poller needs of Graph (GraphPresenceClient, or a stand-in in unit tests). */
export interface PresenceFetcher {
  presencesByUserId(objectIds: readonly string[]): Promise<GraphPresence[]>;
  objectIdOf(upn: string): Promise<string | null>;
}

export interface GraphPresencePollerOptions {
  readonly fetcher: PresenceFetcher;
  readonly intervalMs: number;
  /** Default: from intervalMs up to 5 minutes. */
  readonly backoff?: BackoffOptions;
  readonly downAfterFailures?: number;
  /** A UPN Graph did not know is looked up again after this long (default 10 minutes). */
  readonly unknownUpnRetryMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly logger?: Logger;
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GraphPresencePoller implements PresenceSource {
  private readonly fetcher: PresenceFetcher;
  private readonly intervalMs: number;
  private readonly backoff: BackoffOptions;
  private readonly downAfterFailures: number;
  private readonly unknownUpnRetryMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly logger: Logger | undefined;
  private readonly listeners = new Set<PresenceListener>();
  private watched = new Set<string>();
  /** UPN (lower case) -> object id, or the time Graph said it does not know the user. */
  private readonly upnLookups = new Map<string, { objectId: string } | { unknownAt: number }>();
  /** Latest presence per watched id (lower case). */
  private readonly latest = new Map<string, TeamsPresence>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private closed = false;
  private failures = 0;
  private lastSuccessAt: number | null = null;
  private lastError: string | null = null;
  private nextAttemptAt: number | null = null;

  constructor(options: GraphPresencePollerOptions) {
    if (!(options.intervalMs > 0)) throw new TypeError('intervalMs must be positive');
    this.fetcher = options.fetcher;
    this.intervalMs = options.intervalMs;
    this.backoff = options.backoff ?? {
      initialMs: options.intervalMs,
      maxMs: Math.max(options.intervalMs, 300_000),
    };
    this.downAfterFailures = options.downAfterFailures ?? 3;
    this.unknownUpnRetryMs = options.unknownUpnRetryMs ?? 600_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
  }

  watch(teamsUserIds: Iterable<string>): void {
    if (this.closed) return;
    const next = new Set([...teamsUserIds].map((id) => id.trim()).filter((id) => id !== ''));
    const added = [...next].some((id) => !this.watched.has(id));
    this.watched = next;
    for (const id of [...this.latest.keys()]) {
      if (![...next].some((watched) => watched.toLowerCase() === id)) this.latest.delete(id);
    }
    if (next.size === 0) {
      this.cancelTimer();
      return;
    }
    // New users are asked about at once, unless Graph asked us to wait or is failing.
    if (this.polling) return;
    if (this.timer === null || (added && this.failures === 0)) this.schedule(0);
  }

  subscribe(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): readonly TeamsPresence[] {
    return [...this.latest.values()];
  }

  health(): PresenceSourceHealth {
    const state =
      this.failures >= this.downAfterFailures
        ? 'down'
        : this.failures > 0 || (this.lastSuccessAt === null && this.watched.size > 0)
          ? 'degraded'
          : 'ok';
    return {
      state,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      consecutiveFailures: this.failures,
      nextAttemptAt: this.nextAttemptAt,
      watched: this.watched.size,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelTimer();
    this.listeners.clear();
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    if (this.closed) return;
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, delayMs);
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private async poll(): Promise<void> {
    if (this.closed || this.polling || this.watched.size === 0) return;
    this.polling = true;
    this.nextAttemptAt = null;
    try {
      const byObjectId = await this.objectIds([...this.watched]);
      const objectIds = [...byObjectId.keys()];
      for (let start = 0; start < objectIds.length; start += MAX_IDS_PER_PRESENCE_REQUEST) {
        const presences = await this.fetcher.presencesByUserId(
          objectIds.slice(start, start + MAX_IDS_PER_PRESENCE_REQUEST),
        );
        if (this.closed) return;
        this.deliver(presences, byObjectId);
      }
      this.failures = 0;
      this.lastError = null;
      this.lastSuccessAt = this.now();
      this.polling = false;
      this.schedule(this.intervalMs);
    } catch (error) {
      this.polling = false;
      if (this.closed) return;
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.failures++;
    const requestError = error instanceof GraphRequestError ? error : null;
    this.lastError = (error as Error)?.message ?? String(error);
    const delay = retryDelayMs(this.failures, requestError?.retryAfterMs ?? null, this.backoff, this.random);
    this.logger?.warn(
      { status: requestError?.status, failures: this.failures, retryInMs: delay, err: this.lastError },
      requestError?.status === 429 ? 'Graph throttled the presence poll' : 'presence poll failed',
    );
    this.schedule(delay);
  }

  /** Object id (lower case) -> the watched ids it stands for; UPNs are looked up once. */
  private async objectIds(watched: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    const add = (objectId: string, watchedId: string) =>
      result.set(objectId.toLowerCase(), [...(result.get(objectId.toLowerCase()) ?? []), watchedId]);
    for (const id of watched) {
      if (OBJECT_ID.test(id)) {
        add(id, id);
        continue;
      }
      const lookup = this.upnLookups.get(id.toLowerCase());
      if (lookup && 'objectId' in lookup) {
        add(lookup.objectId, id);
        continue;
      }
      if (lookup && this.now() - lookup.unknownAt < this.unknownUpnRetryMs) continue;
      const objectId = await this.fetcher.objectIdOf(id);
      if (objectId === null) {
        this.logger?.warn({ upn: id }, 'Graph knows no user with this UPN: no presence for this agent');
        this.upnLookups.set(id.toLowerCase(), { unknownAt: this.now() });
      } else {
        this.upnLookups.set(id.toLowerCase(), { objectId });
        add(objectId, id);
      }
    }
    return result;
  }

  private deliver(presences: readonly GraphPresence[], byObjectId: ReadonlyMap<string, string[]>): void {
    const observedAt = this.now();
    const batch: TeamsPresence[] = [];
    for (const presence of presences) {
      for (const teamsUserId of byObjectId.get(presence.id.toLowerCase()) ?? []) {
        const entry = {
          teamsUserId,
          availability: presence.availability,
          activity: presence.activity,
          observedAt,
        };
        this.latest.set(teamsUserId.toLowerCase(), entry);
        batch.push(entry);
      }
    }
    if (batch.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener({ presences: batch });
      } catch (error) {
        this.logger?.error({ err: error }, 'presence listener failed');
      }
    }
  }
}
