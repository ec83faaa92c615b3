/** Messages between the main process and the history worker thread (numbered requests, like a channel). */

/** The LocalHistoryStore methods the worker answers; anything else is refused. */
export const HISTORY_METHODS = [
  'cursor',
  'applyPage',
  'count',
  'list',
  'search',
  'get',
  'edit',
  'nextOutbox',
  'pendingCount',
  'outboxDelivered',
  'outboxRejected',
  'outboxAttemptFailed',
  'conflicts',
  'markConflictsSeen',
  'usedBytes',
  'enforceRetention',
] as const;
/** The HistoryQueries methods (the history view's filtered list and filter menus). */
export const HISTORY_QUERY_METHODS = ['query', 'facets'] as const;
export type HistoryMethod = (typeof HISTORY_METHODS)[number] | (typeof HISTORY_QUERY_METHODS)[number];

export interface HistoryWorkerRequest {
  id: number;
  method: HistoryMethod | 'close';
  args: unknown[];
}

export type HistoryWorkerReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: { name: string; message: string } };

export interface HistoryWorkerData {
  file: string;
  /** The worker's own module (used by the TypeScript bootstrap in tests). */
  entry: string;
}
