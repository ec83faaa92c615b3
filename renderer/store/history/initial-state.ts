/**
 * The call-history view: what the agent filters by, the calls loaded so far, the one opened, and how
 * the history's link to the server is doing.
 *
 * ```
 *   idle --opened--> syncing --answer--> online --next sync--> syncing
 *                      |   ^                                     |
 *                      |   +------------next sync-----------+    |
 *                      +--no answer--> offline <-------------+----+
 *   any --signed out--> idle
 * ```
 * Offline is not an error screen: the kept calls still list, search and take edits; edits wait in
 * the outbox (`pendingEdits`) until a sync gets through.
 */
import {
  emptyHistoryFilter,
  type CallConflict,
  type HistoryFacets,
  type HistoryFilter,
  type HistoryRow,
} from '../../services/history/history-source.js';

export type HistoryLink = 'idle' | 'syncing' | 'online' | 'offline';

export interface HistoryState {
  readonly link: HistoryLink;
  readonly filter: HistoryFilter;
  /** The calls matching the filter, loaded page by page (infinite scroll). */
  readonly rows: readonly HistoryRow[];
  /** How many calls match in all; `rows.length < total` means there are more to load. */
  readonly total: number;
  readonly loading: boolean;
  readonly facets: HistoryFacets;
  readonly selectedId: string | null;
  readonly selected: HistoryRow | null;
  readonly pendingEdits: number;
  /** Concurrent edits the server resolved, until the agent has seen them. */
  readonly conflicts: readonly CallConflict[];
  /** Edits the server refused for good since the agent last looked. */
  readonly rejectedEdits: number;
  /** Epoch ms of the last sync that got through. */
  readonly lastSyncedAt: number | null;
}

export const initialHistoryState: HistoryState = {
  link: 'idle',
  filter: emptyHistoryFilter,
  rows: [],
  total: 0,
  loading: false,
  facets: { queues: [], dispositions: [] },
  selectedId: null,
  selected: null,
  pendingEdits: 0,
  conflicts: [],
  rejectedEdits: 0,
  lastSyncedAt: null,
};
