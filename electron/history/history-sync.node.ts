/**
 * Keeps the desktop's call history in step with the server: sends the outbox (edits made here, in
 * order, each with its mutation id so that a resend after a lost answer is harmless), then downloads
 * every change since the stored cursor, page by page, each page stored with its cursor in one
 * transaction. A crash or a network drop loses at most the page in flight; the next pass resumes
 * from the cursor. While the server is unreachable the engine is `offline` and retries with backoff.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.std.js';
import { silentLogger } from '../logger.std.js';
import type { HistoryWorkerClient } from './history-worker-client.node.js';
import { ServerUnreachableError, type HistoryServerClient } from './history-server-client.node.js';
import { SyncState, canTransition, type SyncProgress } from './history-sync-state.std.js';
import type { ReportedConflict } from './history-store-types.std.js';

export interface HistorySyncOptions {
  readonly store: Pick<HistoryWorkerClient, 'call'>;
  readonly server: Pick<HistoryServerClient, 'page' | 'annotate'>;
  /** Calls per page; default 500. */
  readonly pageSize?: number;
  /** First retry after a failure; doubles up to `maxRetryMs`. Defaults 2 s and 60 s. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Delete the oldest calls beyond this many bytes after each pass (none when absent). */
  readonly maxBytes?: number;
  readonly now?: () => string;
  readonly logger?: Logger;
}

export interface HistorySyncEvents {
  state: (state: SyncState) => void;
  progress: (progress: SyncProgress) => void;
  conflicts: (conflicts: ReportedConflict[]) => void;
}

export interface SyncPassResult {
  /** Whether the pass reached the end of the server's changes. */
  complete: boolean;
  downloaded: number;
  delivered: number;
  error?: string;
}

export class HistorySync {
  private stateValue = SyncState.Idle;
  private running: Promise<SyncPassResult> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private readonly listeners: { [E in keyof HistorySyncEvents]: Set<HistorySyncEvents[E]> } = {
    state: new Set(),
    progress: new Set(),
    conflicts: new Set(),
  };
  private readonly logger: Logger;
  private readonly now: () => string;

  constructor(private readonly options: HistorySyncOptions) {
    this.retryDelay = options.retryMs ?? 2_000;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date().toISOString());
  }

  get state(): SyncState {
    return this.stateValue;
  }

  on<E extends keyof HistorySyncEvents>(event: E, listener: HistorySyncEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /**
   * One pass now (or the pass already running): outbox first, then every change. Never rejects: a
   * failure leaves the engine `offline` with a retry scheduled.
   */
  syncNow(): Promise<SyncPassResult> {
    if (this.stateValue === SyncState.Closed)
      return Promise.resolve({ complete: false, downloaded: 0, delivered: 0, error: 'closed' });
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Records an edit made here (shown at once) and tries to send it. */
  async edit(callId: string, values: { note?: string; disposition?: string }): Promise<void> {
    await this.options.store.call('edit', {
      callId,
      mutationId: randomUUID(),
      editedAt: this.now(),
      ...values,
    });
    if (this.stateValue !== SyncState.Offline) void this.syncNow();
  }

  /** Stops retrying; a pass in flight finishes its current request. Idempotent. */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.transition(SyncState.Closed);
  }

  private async pass(): Promise<SyncPassResult> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.transition(SyncState.Syncing);
    const result: SyncPassResult = { complete: false, downloaded: 0, delivered: 0 };
    try {
      result.delivered = await this.sendOutbox();
      result.downloaded = await this.download();
      result.complete = true;
      if (this.options.maxBytes !== undefined) {
        const retention = await this.options.store.call('enforceRetention', this.options.maxBytes);
        if (retention.deleted > 0)
          this.logger.info({ ...retention }, 'old calls removed to keep the history small');
      }
      this.retryDelay = this.options.retryMs ?? 2_000;
      this.transition(SyncState.UpToDate);
    } catch (error) {
      result.error = (error as Error).message;
      if (this.stateValue === SyncState.Closed) return result;
      if (!(error instanceof ServerUnreachableError))
        this.logger.error({ err: error }, 'history sync failed');
      this.transition(SyncState.Offline);
      this.scheduleRetry();
    }
    return result;
  }

  private async sendOutbox(): Promise<number> {
    const { store, server } = this.options;
    let delivered = 0;
    for (;;) {
      if (this.stateValue === SyncState.Closed) return delivered;
      const entry = await store.call('nextOutbox');
      if (!entry) return delivered;
      let answer;
      try {
        answer = await server.annotate({
          callId: entry.callId,
          mutationId: entry.mutationId,
          baseRevision: entry.baseRevision,
          editedAt: entry.editedAt,
          ...(entry.note !== null ? { note: entry.note } : {}),
          ...(entry.disposition !== null ? { disposition: entry.disposition } : {}),
        });
      } catch (error) {
        await store.call('outboxAttemptFailed', entry.id, (error as Error).message);
        throw error;
      }
      if (answer.kind === 'refused') {
        this.logger.warn(
          { callId: entry.callId, status: answer.status, error: answer.error },
          'edit refused by the server',
        );
        await store.call('outboxRejected', entry.id, answer.error);
        continue;
      }
      await store.call('outboxDelivered', entry.id, answer.response, this.now());
      delivered++;
      if (answer.response.outcome.conflicts.length > 0 && !answer.response.outcome.replayed) {
        const conflicts = (await store.call('conflicts', true)).filter(
          (conflict) => conflict.callId === entry.callId,
        );
        this.emit('conflicts', conflicts);
      }
    }
  }

  private async download(): Promise<number> {
    const { store, server } = this.options;
    const pageSize = this.options.pageSize ?? 500;
    let cursor = await store.call('cursor');
    const initial = cursor === 0;
    let downloaded = 0;
    for (;;) {
      if (this.stateValue === SyncState.Closed) return downloaded;
      const page = await server.page(cursor, pageSize);
      if (page.calls.length > 0 || page.cursor > cursor)
        await store.call('applyPage', page.calls, page.cursor);
      downloaded += page.calls.length;
      this.emit('progress', { initial, downloaded, remaining: page.remaining });
      if (page.remaining === 0 || page.calls.length === 0) return downloaded;
      cursor = page.cursor;
    }
  }

  private scheduleRetry(): void {
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, this.options.maxRetryMs ?? 60_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.syncNow();
    }, delay);
    this.retryTimer.unref();
  }

  private transition(to: SyncState): void {
    const from = this.stateValue;
    if (from === to) return;
    if (!canTransition(from, to)) {
      this.logger.warn({ from, to }, 'illegal history sync transition refused');
      return;
    }
    this.stateValue = to;
    this.logger.debug({ from, to }, 'history sync state');
    this.emit('state', to);
  }

  private emit<E extends keyof HistorySyncEvents>(event: E, ...args: Parameters<HistorySyncEvents[E]>): void {
    for (const listener of this.listeners[event]) {
      try {
        (listener as (...values: Parameters<HistorySyncEvents[E]>) => void)(...args);
      } catch (error) {
        this.logger.warn({ err: error, event }, 'history sync listener failed');
      }
    }
  }
}
