/**
 * What the browser build keeps between visits: the calls it loaded, the sync cursor, and the outbox of
 * note and disposition edits not yet confirmed by the server. IndexedDB in the browser
 * (indexeddb-history-cache.ts); in memory for tests and when IndexedDB is refused (private windows).
 */
import type { HistoryCall } from '../../../server/api/history-api-types.js';

export interface OutboxItem {
  /** Sent as the API's `mutationId`: a replay of the same edit is answered as the first time. */
  readonly mutationId: string;
  readonly callId: string;
  readonly baseRevision: number;
  readonly editedAt: string;
  readonly note?: string;
  readonly disposition?: string;
  /** Orders the outbox: oldest edit first. */
  readonly queuedAt: number;
}

export interface CachedHistory {
  readonly calls: HistoryCall[];
  readonly cursor: number;
  readonly outbox: OutboxItem[];
}

export interface HistoryCache {
  load(): Promise<CachedHistory>;
  saveCalls(calls: readonly HistoryCall[], cursor: number): Promise<void>;
  addToOutbox(item: OutboxItem): Promise<void>;
  removeFromOutbox(mutationId: string): Promise<void>;
  close(): void;
}

export function createMemoryHistoryCache(): HistoryCache {
  const calls = new Map<string, HistoryCall>();
  const outbox = new Map<string, OutboxItem>();
  let cursor = 0;
  return {
    load: () =>
      Promise.resolve({
        calls: [...calls.values()],
        cursor,
        outbox: [...outbox.values()].sort((a, b) => a.queuedAt - b.queuedAt),
      }),
    saveCalls: (received, next) => {
      for (const call of received) calls.set(call.id, call);
      cursor = Math.max(cursor, next);
      return Promise.resolve();
    },
    addToOutbox: (item) => {
      outbox.set(item.mutationId, item);
      return Promise.resolve();
    },
    removeFromOutbox: (mutationId) => {
      outbox.delete(mutationId);
      return Promise.resolve();
    },
    close: () => undefined,
  };
}
