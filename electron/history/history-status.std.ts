/**
 * The history's status as the page sees it, pushed on `history:status` whenever it changes. Free of zod,
 * because the preload (which checks each pushed status before handing it on) bundles this file.
 */
import type { SyncProgress } from './history-sync-state.std.js';

/**
 * Where the history is, as the page shows it: `closed` before sign-in; `opening` while the database file is
 * opened and migrated; then the sync engine's own state (`history-sync-state.std.ts`).
 */
export const historyStatusStates = ['closed', 'opening', 'idle', 'syncing', 'up-to-date', 'offline'] as const;
export type HistoryStatusState = (typeof historyStatusStates)[number];

export interface HistoryStatus {
  state: HistoryStatusState;
  /** The last pass's progress (initial download or incremental), `null` before the first. */
  progress: SyncProgress | null;
  /** Calls in the local store. */
  calls: number;
  /** Edits made here that the server has not confirmed yet. */
  pendingEdits: number;
  /** Conflicts the agent has not seen yet (their edit lost a field to a later one). */
  unseenConflicts: number;
  /** When the last complete pass ended (ISO 8601), `null` before one. */
  lastSyncedAt: string | null;
  /** Why the last pass failed, `null` when it did not. */
  lastError: string | null;
}

/** What one sync pass did (outbox first, then every change), with the status after it. */
export interface HistorySyncReport {
  /** Whether the pass reached the end of the server's changes; false when the server could not be reached. */
  complete: boolean;
  /** Calls received. */
  downloaded: number;
  /** Edits the server took. */
  delivered: number;
  error: string | null;
  status: HistoryStatus;
}

export const closedHistoryStatus: HistoryStatus = {
  state: 'closed',
  progress: null,
  calls: 0,
  pendingEdits: 0,
  unseenConflicts: 0,
  lastSyncedAt: null,
  lastError: null,
};

/** A cheap check of what the main process pushes on `history:status`, before the page's listeners see it. */
export function isHistoryStatus(value: unknown): value is HistoryStatus {
  if (typeof value !== 'object' || value === null) return false;
  const status = value as Record<string, unknown>;
  return (
    (historyStatusStates as readonly unknown[]).includes(status['state']) &&
    typeof status['calls'] === 'number' &&
    typeof status['pendingEdits'] === 'number' &&
    typeof status['unseenConflicts'] === 'number'
  );
}
