import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistoryDatabase, type HistoryDatabase } from './history-database.node.js';
import { historyCall } from './history-fixtures.node.js';
import { HistoryQueries } from './history-queries.node.js';
import { LocalHistoryStore } from './local-history-store.node.js';

let db: HistoryDatabase;
let store: LocalHistoryStore;
let queries: HistoryQueries;

beforeEach(() => {
  db = openHistoryDatabase(':memory:');
  store = new LocalHistoryStore(db);
  queries = new HistoryQueries(db);
  store.applyPage(
    [
      historyCall('mon-support', 1, { startedAt: '2026-01-05T09:00:00.000Z', queueName: 'support' }),
      historyCall('mon-missed', 2, {
        startedAt: '2026-01-05T12:00:00.000Z',
        answeredAt: null,
        status: 'completed',
        queueName: 'billing',
        fromNumber: '+4930111222',
      }),
      historyCall('tue-out', 3, {
        startedAt: '2026-01-06T08:00:00.000Z',
        direction: 'outbound',
        queueName: null,
      }),
      historyCall('tue-ringing', 4, {
        startedAt: '2026-01-06T10:00:00.000Z',
        answeredAt: null,
        status: 'active',
      }),
    ],
    4,
  );
  store.edit({
    callId: 'mon-support',
    mutationId: 'm1',
    editedAt: '2026-01-05T09:05:00Z',
    disposition: 'sale',
  });
});

afterEach(() => db.close());

const ids = (filter: Parameters<HistoryQueries['query']>[0], offset = 0, limit = 50) =>
  queries.query(filter, offset, limit).rows.map((row) => row.call.id);

describe('the history view’s queries', () => {
  it('pages newest first and counts every match', () => {
    const first = queries.query({ text: '' }, 0, 3);
    expect(first.total).toBe(4);
    expect(first.rows.map((row) => row.call.id)).toEqual(['tue-ringing', 'tue-out', 'mon-missed']);
    expect(ids({ text: '' }, 3, 3)).toEqual(['mon-support']);
  });

  it('combines search text with date range, direction, queue, outcome and disposition', () => {
    expect(ids({ text: '+49 30' })).toEqual(['mon-missed']);
    expect(ids({ text: '', startedFrom: '2026-01-06T00:00:00.000Z' })).toEqual(['tue-ringing', 'tue-out']);
    expect(ids({ text: '', startedBefore: '2026-01-05T10:30:00+01:00' })).toEqual(['mon-support']);
    expect(ids({ text: '', direction: 'outbound' })).toEqual(['tue-out']);
    expect(ids({ text: '', queue: 'billing' })).toEqual(['mon-missed']);
    expect(ids({ text: '', outcome: 'missed' })).toEqual(['mon-missed']);
    expect(ids({ text: '', outcome: 'active' })).toEqual(['tue-ringing']);
    expect(ids({ text: '', outcome: 'answered' })).toEqual(['tue-out', 'mon-support']);
    expect(ids({ text: 'sale', disposition: 'sale', queue: 'support' })).toEqual(['mon-support']);
    expect(ids({ text: 'sale', queue: 'billing' })).toEqual([]);
  });

  it('shows edits not yet confirmed, with how many wait, and offers the values the menus need', () => {
    const [row] = queries.query({ text: 'sale' }, 0, 10).rows;
    expect(row).toMatchObject({ disposition: 'sale', pendingEdits: 1 });
    expect(queries.facets()).toEqual({ queues: ['billing', 'support'], dispositions: ['sale'] });
  });

  it('takes FTS5 syntax typed by the agent as plain text', () => {
    expect(ids({ text: '"sale OR' })).toEqual([]);
    expect(ids({ text: 'NEAR(' })).toEqual([]);
  });
});
