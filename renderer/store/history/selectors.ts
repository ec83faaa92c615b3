import type { CallConflict, HistoryFilter, HistoryRow } from '../../services/history/history-source.js';
import type { HistoryLink, HistoryState } from './initial-state.js';

interface WithHistory {
  readonly history: HistoryState;
}

export const selectHistoryLink = (state: WithHistory): HistoryLink => state.history.link;
export const selectHistoryFilter = (state: WithHistory): HistoryFilter => state.history.filter;
export const selectHistoryRows = (state: WithHistory): readonly HistoryRow[] => state.history.rows;
export const selectHistoryTotal = (state: WithHistory): number => state.history.total;
export const selectHistoryLoading = (state: WithHistory): boolean => state.history.loading;
export const selectHistoryFacets = (state: WithHistory) => state.history.facets;
export const selectSelectedCallId = (state: WithHistory): string | null => state.history.selectedId;
export const selectSelectedCall = (state: WithHistory): HistoryRow | null => state.history.selected;
export const selectPendingEdits = (state: WithHistory): number => state.history.pendingEdits;
export const selectConflicts = (state: WithHistory): readonly CallConflict[] => state.history.conflicts;
export const selectRejectedEdits = (state: WithHistory): number => state.history.rejectedEdits;
export const selectLastSyncedAt = (state: WithHistory): number | null => state.history.lastSyncedAt;

/** More calls match than are loaded: the list asks for the next page when its end comes into view. */
export const selectHasMoreCalls = (state: WithHistory): boolean =>
  state.history.rows.length < state.history.total;

/** The history answers from its own copy only: the server did not answer the last sync. */
export const selectHistoryOffline = (state: WithHistory): boolean => state.history.link === 'offline';
