/**
 * The directory of Teams users an agent can transfer to: read from Graph, kept in memory, read
 * again every `refreshMs`, searched by name or number, each user shown with live presence from a
 * PresenceSource that the directory tells whom to watch.
 *
 * ```
 *   [ empty ] --load ok--> [ ready ] --refresh ok--> [ ready ]
 *       |                     |
 *    load fails          refresh fails (the last list is kept, marked stale)
 *       v                     v
 *   [ failed ] --retry ok--> [ ready ]     failed / stale retry with back-off
 * ```
 * Searching never waits for Graph: it answers from the last list, possibly empty.
 */
import type { Logger } from '../../shared/logger.js';
import type { PresenceSource, TeamsPresence } from '../../routing/presence/presence-source-types.js';
import { retryDelayMs } from '../graph/retry-delay.js';
import { GraphRequestError } from '../graph/graph-presence-client.js';
import { searchable, searchUsers, type SearchableUser } from './directory-search.js';
import type { DirectoryUser } from './directory-user.js';
import type { UserPages } from './graph-user-pages.js';

export const DirectoryState = {
  Empty: 'empty',
  Ready: 'ready',
  Failed: 'failed',
  Closed: 'closed',
} as const;
export type DirectoryState = (typeof DirectoryState)[keyof typeof DirectoryState];

export interface DirectoryHit extends DirectoryUser {
  /** Live Teams presence, or null while unknown. */
  readonly presence: { availability: string; activity: string; observedAt: number } | null;
}

export interface DirectoryHealth {
  readonly state: DirectoryState;
  readonly users: number;
  readonly lastLoadedAt: number | null;
  readonly lastError: string | null;
  /** True when the last refresh failed and the list shown is older than it should be. */
  readonly stale: boolean;
}

export interface TeamsDirectoryOptions {
  readonly pages: UserPages;
  /** Watched for the directory's users; a source of its own (the gate's source watches agents). */
  readonly presence?: PresenceSource;
  readonly refreshMs: number;
  readonly maxUsers?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export class TeamsDirectory {
  private state: DirectoryState = DirectoryState.Empty;
  private users: SearchableUser[] = [];
  private readonly presences = new Map<string, TeamsPresence>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;
  private failures = 0;
  private lastLoadedAt: number | null = null;
  private lastError: string | null = null;
  private readonly now: () => number;

  constructor(private readonly options: TeamsDirectoryOptions) {
    if (!(options.refreshMs > 0)) throw new TypeError('refreshMs must be positive');
    this.now = options.now ?? Date.now;
    this.unsubscribe =
      options.presence?.subscribe(({ presences }) => {
        for (const presence of presences) this.presences.set(presence.teamsUserId.toLowerCase(), presence);
      }) ?? (() => {});
  }

  /** Loads now (resolves when the first load is over, whether it worked or not) and keeps refreshing. */
  start(): Promise<void> {
    return this.refresh();
  }

  /** Reads the user list again now; one load at a time. */
  refresh(): Promise<void> {
    if (this.state === DirectoryState.Closed) return Promise.resolve();
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  search(query: string, limit = 50): DirectoryHit[] {
    const bounded = Math.max(1, Math.min(200, Math.floor(limit) || 50));
    return searchUsers(this.users, query.slice(0, 200), bounded).map((user) => {
      const presence = this.presences.get(user.id.toLowerCase());
      return {
        ...user,
        presence: presence
          ? {
              availability: presence.availability,
              activity: presence.activity,
              observedAt: presence.observedAt,
            }
          : null,
      };
    });
  }

  health(): DirectoryHealth {
    return {
      state: this.state,
      users: this.users.length,
      lastLoadedAt: this.lastLoadedAt,
      lastError: this.lastError,
      stale: this.state === DirectoryState.Ready && this.failures > 0,
    };
  }

  close(): void {
    if (this.state === DirectoryState.Closed) return;
    this.state = DirectoryState.Closed;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  private async load(): Promise<void> {
    try {
      const { users, pages } = await this.options.pages.fetchAll(this.options.maxUsers ?? 20_000);
      if (this.state === DirectoryState.Closed) return;
      this.users = users.map(searchable);
      this.failures = 0;
      this.lastError = null;
      this.lastLoadedAt = this.now();
      this.state = DirectoryState.Ready;
      const ids = new Set(users.map((user) => user.id.toLowerCase()));
      for (const id of [...this.presences.keys()]) if (!ids.has(id)) this.presences.delete(id);
      this.options.presence?.watch(users.map((user) => user.id));
      this.options.logger?.info({ users: users.length, pages }, 'Teams directory loaded');
      this.schedule(this.options.refreshMs);
    } catch (error) {
      if (this.state === DirectoryState.Closed) return;
      this.failures++;
      this.lastError = (error as Error)?.message ?? String(error);
      if (this.state === DirectoryState.Empty) this.state = DirectoryState.Failed;
      const retryAfter = error instanceof GraphRequestError ? error.retryAfterMs : null;
      const delay = retryDelayMs(this.failures, retryAfter, {
        initialMs: Math.min(5_000, this.options.refreshMs),
        maxMs: this.options.refreshMs,
      });
      this.options.logger?.warn({ err: this.lastError, retryInMs: delay }, 'Teams directory not loaded');
      this.schedule(delay);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delayMs);
    this.timer.unref();
  }
}
