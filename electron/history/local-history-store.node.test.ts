import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyCall } from './history-fixtures.node.js';
import { openHistoryDatabase, type HistoryDatabase } from './history-database.node.js';
import { LocalHistoryStore } from './local-history-store.node.js';

let dir: string;
let db: HistoryDatabase;
let store: LocalHistoryStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-local-history-'));
  db = openHistoryDatabase(join(dir, 'history.db'));
  store = new LocalHistoryStore(db);
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();

describe('local history store', () => {
  it('stores pages with their cursor, never twice, and never lets an older revision replace a newer one', () => {
    store.applyPage(
      [historyCall('c1', 5, { startedAt: at(1) }), historyCall('c2', 6, { startedAt: at(2) })],
      6,
    );
    store.applyPage([historyCall('c1', 5, { startedAt: at(1) })], 6);
    store.applyPage([historyCall('c1', 9, { startedAt: at(1), status: 'unfinished' })], 9);
    store.applyPage([historyCall('c1', 7, { startedAt: at(1), status: 'active' })], 7);
    expect(store.count()).toBe(2);
    expect(store.cursor()).toBe(9);
    expect(store.get('c1')!.call.status).toBe('unfinished');
  });

  it('lists newest first by start time, whatever order the calls arrived in, a page at a time', () => {
    store.applyPage(
      [historyCall('late', 1, { startedAt: at(30) }), historyCall('early', 2, { startedAt: at(1) })],
      2,
    );
    store.applyPage(
      [historyCall('middle', 3, { startedAt: at(10) }), historyCall('same-minute', 4, { startedAt: at(10) })],
      4,
    );
    const first = store.list({ limit: 2 });
    expect(first.map((item) => item.id)).toEqual(['late', 'same-minute']);
    expect(store.list({ limit: 2, before: first[1]!.seq }).map((item) => item.id)).toEqual([
      'middle',
      'early',
    ]);
    store.applyPage([historyCall('out', 5, { startedAt: at(20), direction: 'outbound' })], 5);
    expect(store.list({ limit: 10, direction: 'outbound' }).map((item) => item.id)).toEqual(['out']);
  });

  it('searches numbers, names, notes and dispositions as the agent types', () => {
    store.applyPage(
      [
        historyCall('c1', 1, {
          startedAt: at(1),
          fromNumber: '+442079460958',
          note: {
            value: 'asked for a refund',
            editedAt: at(2),
            editedBy: 'a1',
            editedByName: 'Alice Agent',
            revision: 1,
          },
        }),
        historyCall('c2', 2, {
          startedAt: at(2),
          agentName: 'Bob Agent',
          disposition: { value: 'sale', editedAt: at(3), editedBy: 'b1', editedByName: 'Bob', revision: 2 },
        }),
      ],
      2,
    );
    expect(store.search('2079 46', 10).map((item) => item.id)).toEqual(['c1']);
    expect(store.search('7946', 10)).toEqual([]);
    expect(store.search('+44 2079', 10).map((item) => item.id)).toEqual(['c1']);
    expect(store.search('2079460', 10).map((item) => item.id)).toEqual(['c1']);
    expect(store.search('ref', 10).map((item) => item.id)).toEqual(['c1']);
    expect(store.search('bo', 10).map((item) => item.id)).toEqual(['c2']);
    expect(store.search('sal', 10).map((item) => item.id)).toEqual(['c2']);
    expect(store.search('alice', 10).map((item) => item.id)).toEqual(['c1']);
    expect(store.search('', 10).map((item) => item.id)).toEqual(['c2', 'c1']);
    expect(store.search('") OR *', 10)).toEqual([]);
  });

  it('shows an offline edit at once, keeps it over later server pages, and rebases later edits once delivered', () => {
    store.applyPage([historyCall('c1', 4)], 4);
    store.edit({ callId: 'c1', mutationId: 'm-000001', editedAt: at(5), note: 'call back tomorrow' });
    store.edit({ callId: 'c1', mutationId: 'm-000002', editedAt: at(6), disposition: 'callback' });
    expect(store.search('tomorrow', 10).map((item) => item.id)).toEqual(['c1']);
    store.applyPage([historyCall('c1', 8, { wrapUpMs: 1000 })], 8);
    expect(store.get('c1')).toMatchObject({
      note: 'call back tomorrow',
      disposition: 'callback',
      pendingEdits: 2,
    });
    const first = store.nextOutbox()!;
    expect(first).toMatchObject({
      mutationId: 'm-000001',
      baseRevision: 4,
      note: 'call back tomorrow',
      disposition: null,
    });
    const delivered = historyCall('c1', 10, {
      note: {
        value: 'call back tomorrow',
        editedAt: at(5),
        editedBy: 'a1',
        editedByName: 'Alice Agent',
        revision: 10,
      },
    });
    store.outboxDelivered(
      first.id,
      { call: delivered, outcome: { applied: ['note'], conflicts: [], replayed: false } },
      at(7),
    );
    expect(store.nextOutbox()).toMatchObject({ mutationId: 'm-000002', baseRevision: 10 });
    expect(store.get('c1')).toMatchObject({
      note: 'call back tomorrow',
      disposition: 'callback',
      pendingEdits: 1,
    });
    expect(() => store.edit({ callId: 'nope', mutationId: 'm-000003', editedAt: at(7), note: 'x' })).toThrow(
      TypeError,
    );
  });

  it('reports conflicts the server resolved, and restores the server value when an edit is refused', () => {
    store.applyPage([historyCall('c1', 4)], 4);
    store.edit({ callId: 'c1', mutationId: 'm-000001', editedAt: at(5), note: 'mine' });
    const entry = store.nextOutbox()!;
    const theirs = { value: 'theirs', editedAt: at(6), editedBy: 's1', editedByName: 'Sam', revision: 9 };
    store.outboxDelivered(
      entry.id,
      {
        call: historyCall('c1', 11, {
          note: theirs,
          annotationHistory: [
            {
              field: 'note',
              value: 'mine',
              editedAt: at(5),
              editedBy: 'a1',
              supersededAt: at(7),
              reason: 'lost-conflict',
            },
          ],
        }),
        outcome: {
          applied: [],
          conflicts: [
            {
              field: 'note',
              yours: 'mine',
              theirs: 'theirs',
              theirsEditedAt: at(6),
              theirsEditedBy: 's1',
              winner: 'theirs',
            },
          ],
          replayed: false,
        },
      },
      at(7),
    );
    expect(store.get('c1')!.note).toBe('theirs');
    const [conflict] = store.conflicts();
    expect(conflict).toMatchObject({
      callId: 'c1',
      field: 'note',
      yours: 'mine',
      theirs: 'theirs',
      winner: 'theirs',
      seen: false,
    });
    store.markConflictsSeen([conflict!.id]);
    expect(store.conflicts()).toEqual([]);

    store.edit({ callId: 'c1', mutationId: 'm-000002', editedAt: at(8), disposition: 'x'.repeat(300) });
    store.outboxRejected(store.nextOutbox()!.id, 'disposition: expected text of at most 200 characters');
    expect(store.get('c1')).toMatchObject({ disposition: null, pendingEdits: 0 });
    expect(store.pendingCount()).toBe(0);
  });

  it('keeps everything committed when the app is killed, and picks up where it left off', () => {
    store.applyPage([historyCall('c1', 3)], 3);
    store.edit({ callId: 'c1', mutationId: 'm-000001', editedAt: at(5), note: 'kept' });
    // No close: the process dies with the WAL not checkpointed.
    const reopened = new LocalHistoryStore(openHistoryDatabase(join(dir, 'history.db')));
    expect(reopened.cursor()).toBe(3);
    expect(reopened.get('c1')).toMatchObject({ note: 'kept', pendingEdits: 1 });
  });

  it('deletes the oldest calls to stay under the size limit, never one with an edit to send', () => {
    const calls = Array.from({ length: 3000 }, (_, index) =>
      historyCall(`c${index}`, index + 1, {
        startedAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
        events: [{ id: index, at: at(0), kind: 'note', data: { text: 'x'.repeat(400) } }],
      }),
    );
    for (let start = 0; start < calls.length; start += 500)
      store.applyPage(calls.slice(start, start + 500), start + 500);
    store.edit({ callId: 'c0', mutationId: 'm-000001', editedAt: at(1), note: 'oldest, still to send' });
    const before = store.usedBytes();
    const limit = Math.floor(before / 2);
    const result = store.enforceRetention(limit);
    expect(result.usedBytes).toBeLessThanOrEqual(limit);
    expect(result.deleted).toBeGreaterThan(1000);
    expect(store.get('c2999')).not.toBeNull();
    expect(store.get('c1')).toBeNull();
    expect(store.get('c0')!.note).toBe('oldest, still to send');
    expect(statSync(join(dir, 'history.db')).size).toBeLessThan(before);
    expect(store.enforceRetention(limit).deleted).toBe(0);
  });
});
