import type {
  CallConflict,
  HistoryFacets,
  HistoryFilter,
  HistoryListPage,
  HistoryRow,
} from '../../services/history/history-source.js';
import type { SliceUpdater } from '../slice-types.js';
import { initialHistoryState, type HistoryLink, type HistoryState } from './initial-state.js';

export interface HistoryActions {
  linkChanged(link: HistoryLink, at?: number): void;
  filterChanged(change: Partial<HistoryFilter>): void;
  loadingStarted(): void;
  /** A page for the current filter; `offset` 0 replaces what was loaded. Pages of an older filter are dropped. */
  pageLoaded(filter: HistoryFilter, offset: number, page: HistoryListPage): void;
  facetsLoaded(facets: HistoryFacets): void;
  selected(callId: string | null): void;
  detailLoaded(row: HistoryRow | null): void;
  pendingChanged(pendingEdits: number): void;
  replayed(conflicts: readonly CallConflict[], rejected: number): void;
  conflictsSeen(): void;
  reset(): void;
}

const allowedMoves: Readonly<Record<HistoryLink, readonly HistoryLink[]>> = {
  idle: ['syncing', 'idle'],
  syncing: ['online', 'offline', 'idle'],
  online: ['syncing', 'offline', 'idle'],
  offline: ['syncing', 'online', 'idle'],
};

/** The one place the link changes; a move the diagram lacks leaves it as it was. */
export function transition(history: HistoryState, to: HistoryLink): HistoryState {
  return allowedMoves[history.link].includes(to) && history.link !== to ? { ...history, link: to } : history;
}

export function createHistoryActions(update: SliceUpdater<HistoryState>): HistoryActions {
  return {
    linkChanged: (link, at) =>
      update((history) => {
        const next = transition(history, link);
        return link === 'online' && at !== undefined ? { ...next, lastSyncedAt: at } : next;
      }),
    filterChanged: (change) =>
      update((history) => ({ ...history, filter: { ...history.filter, ...change } })),
    loadingStarted: () => update((history) => ({ ...history, loading: true })),
    pageLoaded: (filter, offset, page) =>
      update((history) => {
        if (filter !== history.filter) return history;
        const rows = offset === 0 ? page.rows : [...history.rows.slice(0, offset), ...page.rows];
        return { ...history, rows, total: page.total, loading: false };
      }),
    facetsLoaded: (facets) => update((history) => ({ ...history, facets })),
    selected: (callId) =>
      update((history) => ({
        ...history,
        selectedId: callId,
        selected: callId !== null && history.selected?.call.id === callId ? history.selected : null,
      })),
    detailLoaded: (row) =>
      update((history) =>
        row !== null && row.call.id !== history.selectedId ? history : { ...history, selected: row },
      ),
    pendingChanged: (pendingEdits) => update((history) => ({ ...history, pendingEdits })),
    replayed: (conflicts, rejected) =>
      update((history) =>
        conflicts.length === 0 && rejected === 0
          ? history
          : {
              ...history,
              conflicts: [...history.conflicts, ...conflicts],
              rejectedEdits: history.rejectedEdits + rejected,
            },
      ),
    conflictsSeen: () => update((history) => ({ ...history, conflicts: [], rejectedEdits: 0 })),
    reset: () => update(() => initialHistoryState),
  };
}
