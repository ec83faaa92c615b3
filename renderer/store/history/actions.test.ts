import { describe, expect, it } from 'vitest';
import { historyCall } from '../../services/history/history-calls.fixture.js';
import { createTandemStore } from '../store.js';
import { selectHasMoreCalls, selectHistoryLink, selectHistoryOffline } from './selectors.js';

const row = (id: string) => ({ call: historyCall(id), note: '', disposition: '', pendingEdits: 0 });

describe('the history slice', () => {
  it('moves its link only along the diagram: idle, syncing, online or offline, and back to idle', () => {
    const store = createTandemStore();
    const { history } = store.getState().actions;
    history.linkChanged('online');
    expect(selectHistoryLink(store.getState())).toBe('idle');
    history.linkChanged('syncing');
    history.linkChanged('offline');
    expect(selectHistoryOffline(store.getState())).toBe(true);
    history.linkChanged('syncing');
    history.linkChanged('online', 5_000);
    expect(store.getState().history).toMatchObject({ link: 'online', lastSyncedAt: 5_000 });
    history.reset();
    expect(selectHistoryLink(store.getState())).toBe('idle');
  });

  it('appends pages for the current filter and drops pages of an older one', () => {
    const store = createTandemStore();
    const { history } = store.getState().actions;
    const first = store.getState().history.filter;
    history.pageLoaded(first, 0, { rows: [row('c-1'), row('c-2')], total: 3 });
    expect(selectHasMoreCalls(store.getState())).toBe(true);
    history.pageLoaded(first, 2, { rows: [row('c-3')], total: 3 });
    expect(store.getState().history.rows.map((each) => each.call.id)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(selectHasMoreCalls(store.getState())).toBe(false);
    history.filterChanged({ text: 'ada' });
    history.pageLoaded(first, 0, { rows: [], total: 0 }); // the answer for the filter before the typing
    expect(store.getState().history.rows).toHaveLength(3);
    history.pageLoaded(store.getState().history.filter, 0, { rows: [row('c-2')], total: 1 });
    expect(store.getState().history.rows.map((each) => each.call.id)).toEqual(['c-2']);
  });

  it('shows the detail of the call chosen last only, and keeps conflicts until the agent has seen them', () => {
    const store = createTandemStore();
    const { history } = store.getState().actions;
    history.selected('c-2');
    history.detailLoaded(row('c-1'));
    expect(store.getState().history.selected).toBeNull();
    history.detailLoaded(row('c-2'));
    expect(store.getState().history.selected?.call.id).toBe('c-2');
    const conflict = {
      callId: 'c-2',
      field: 'note' as const,
      yours: 'mine',
      theirs: 'theirs',
      theirsEditedAt: '2026-01-05T09:00:00.000Z',
      theirsEditedBy: 'bob',
      winner: 'theirs' as const,
    };
    history.replayed([conflict], 1);
    expect(store.getState().history).toMatchObject({ conflicts: [conflict], rejectedEdits: 1 });
    history.conflictsSeen();
    expect(store.getState().history).toMatchObject({ conflicts: [], rejectedEdits: 0 });
  });
});
