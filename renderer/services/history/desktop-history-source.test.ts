import { describe, expect, it, vi } from 'vitest';
import { historyCall } from './history-calls.fixture.js';
import type { HistoryStatus } from '../../../electron/history/history-status.std.js';
import type { TandemBridge } from '../../../electron/tandem-bridge.std.js';
import {
  createDesktopHistorySource,
  DesktopHistoryError,
  openDesktopHistorySource,
  toQueryFilter,
} from './desktop-history-source.js';
import { emptyHistoryFilter, HistoryOfflineError } from './history-source.js';

const status: HistoryStatus = {
  state: 'up-to-date',
  progress: null,
  calls: 3,
  pendingEdits: 2,
  unseenConflicts: 0,
  lastSyncedAt: null,
  lastError: null,
};
const ok = <Value>(value: Value) => Promise.resolve({ ok: true as const, value });

/** `window.tandem.history` as the main process would answer it, over a list of 1,200 calls. */
function fakeBridgeHistory() {
  const calls = Array.from({ length: 1200 }, (_, index) => ({
    call: historyCall(`c${1200 - index}`),
    note: index === 0 ? 'called back' : null,
    disposition: null,
    pendingEdits: 0,
  }));
  let reachable = true;
  const history = {
    open: vi.fn(() => ok(status)),
    status: vi.fn(() => ok(status)),
    query: vi.fn(({ offset, limit }: { offset: number; limit: number }) =>
      ok({ rows: calls.slice(offset, offset + limit), total: calls.length }),
    ),
    facets: vi.fn(() => ok({ queues: ['support'], dispositions: ['sale'] })),
    get: vi.fn((callId: string) => ok(calls.find((local) => local.call.id === callId) ?? null)),
    edit: vi.fn(() => ok(null)),
    conflicts: vi.fn(() =>
      ok([
        {
          id: 7,
          callId: 'c1',
          field: 'note' as const,
          yours: 'mine',
          theirs: 'theirs',
          theirsEditedAt: '2026-01-05T09:00:00.000Z',
          theirsEditedBy: 'bob',
          winner: 'theirs' as const,
          reportedAt: '2026-01-05T09:01:00.000Z',
          seen: false,
        },
      ]),
    ),
    markConflictsSeen: vi.fn(() => ok(status)),
    syncNow: vi.fn(() =>
      ok(
        reachable
          ? { complete: true, downloaded: 4, delivered: 1, error: null, status }
          : { complete: false, downloaded: 0, delivered: 0, error: 'the server answered 503', status },
      ),
    ),
    close: vi.fn(() => ok(null)),
    onStatus: vi.fn(() => () => {}),
  };
  return {
    history: history as unknown as TandemBridge['history'] & typeof history,
    goOffline: () => (reachable = false),
  };
}

describe('the desktop history source', () => {
  it('turns the view’s filter into the store’s: local days to instants, empty choices left out', () => {
    const filter = toQueryFilter({
      ...emptyHistoryFilter,
      text: 'alice',
      from: '2026-01-05',
      to: '2026-01-05',
      outcome: 'missed',
    });
    expect(filter).toEqual({
      text: 'alice',
      startedFrom: new Date(2026, 0, 5).toISOString(),
      startedBefore: new Date(2026, 0, 6).toISOString(),
      outcome: 'missed',
    });
    expect(toQueryFilter({ ...emptyHistoryFilter, from: 'garbage' })).toEqual({ text: '' });
  });

  it('lists pages from the local store, asking in bridge-sized pieces when the view wants more', async () => {
    const { history } = fakeBridgeHistory();
    const source = createDesktopHistorySource(history);
    const first = await source.list(emptyHistoryFilter, 0, 50);
    expect(first.total).toBe(1200);
    expect(first.rows[0]).toMatchObject({ note: 'called back', disposition: '', pendingEdits: 0 });
    const everything = await source.list(emptyHistoryFilter, 0, 5000);
    expect(everything.rows).toHaveLength(1200);
    expect(history.query.mock.calls.map(([query]) => [query.offset, query.limit])).toEqual([
      [0, 50],
      [0, 500],
      [500, 500],
      [1000, 500],
    ]);
    expect((await source.get('c1200'))?.note).toBe('called back');
    expect(await source.get('nope')).toBeNull();
    expect(await source.facets()).toEqual({ queues: ['support'], dispositions: ['sale'] });
    expect(await source.pendingEdits()).toBe(2);
  });

  it('runs one sync pass per round, reports conflicts once, and says offline when the pass failed', async () => {
    const { history, goOffline } = fakeBridgeHistory();
    const source = createDesktopHistorySource(history);
    const replay = await source.replayOutbox();
    expect(replay).toEqual({
      delivered: 1,
      rejected: 0,
      conflicts: [
        {
          callId: 'c1',
          field: 'note',
          yours: 'mine',
          theirs: 'theirs',
          theirsEditedAt: '2026-01-05T09:00:00.000Z',
          theirsEditedBy: 'bob',
          winner: 'theirs',
        },
      ],
    });
    expect(history.markConflictsSeen).toHaveBeenCalledWith([7]);
    expect(await source.sync()).toBe(4);
    expect(history.syncNow).toHaveBeenCalledTimes(1);
    expect(await source.sync()).toBe(4);
    expect(history.syncNow).toHaveBeenCalledTimes(2);

    goOffline();
    await expect(source.replayOutbox()).rejects.toThrow(HistoryOfflineError);
    await expect(source.sync()).rejects.toThrow(HistoryOfflineError);
  });

  it('opens the agent’s history at sign-in, keeps edits going to the store, and closes once', async () => {
    const { history } = fakeBridgeHistory();
    const source = await openDesktopHistorySource(history)({
      server: 'http://127.0.0.1:8080',
      username: 'alice',
      password: 'demo',
    });
    expect(history.open).toHaveBeenCalledWith({ username: 'alice', password: 'demo' });
    await source.edit({ callId: 'c1', disposition: 'sale' });
    expect(history.edit).toHaveBeenCalledWith({ callId: 'c1', disposition: 'sale' });
    source.close();
    source.close();
    expect(history.close).toHaveBeenCalledTimes(1);
    expect(history.close).toHaveBeenCalledWith({ wipe: false });
  });

  it('passes the bridge’s refusals on as errors with their code', async () => {
    const { history } = fakeBridgeHistory();
    history.open.mockResolvedValueOnce({
      ok: false,
      error: { code: 'failed', message: 'the history database could not be opened: disk full' },
    } as never);
    const open = openDesktopHistorySource(history);
    await expect(open({ server: 's', username: 'alice', password: 'x' })).rejects.toThrow(
      DesktopHistoryError,
    );
  });
});
