import { describe, expect, it } from 'vitest';
import { SyncState, canTransition } from './history-sync-state.std.js';

describe('sync state machine', () => {
  it('lets every live state reach up-to-date or offline, and nothing leave closed', () => {
    for (const state of [SyncState.Idle, SyncState.UpToDate, SyncState.Offline])
      expect(canTransition(state, SyncState.Syncing)).toBe(true);
    expect(canTransition(SyncState.Syncing, SyncState.UpToDate)).toBe(true);
    expect(canTransition(SyncState.Syncing, SyncState.Offline)).toBe(true);
    for (const state of Object.values(SyncState)) expect(canTransition(SyncState.Closed, state)).toBe(false);
  });

  it('refuses to skip syncing', () => {
    expect(canTransition(SyncState.Idle, SyncState.UpToDate)).toBe(false);
    expect(canTransition(SyncState.Offline, SyncState.UpToDate)).toBe(false);
  });
});
