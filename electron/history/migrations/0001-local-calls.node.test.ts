import { describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../history-database.node.js';
import { localCalls } from './0001-local-calls.node.js';

const insert = `INSERT INTO calls (seq, id, revision, started_at, direction, status, from_number, to_number, record)
  VALUES (?, ?, 1, '2026-01-05T09:00:00.000Z', 'inbound', 'completed', '+1', '+2', '{}')`;

describe('history migration 0001: local calls', () => {
  it('keeps one row per call id and reads the newest first off the primary key', () => {
    const db = openHistoryDatabase(':memory:', [localCalls]);
    db.prepare(insert).run(10, 'a');
    db.prepare(insert).run(30, 'b');
    expect(() => db.prepare(insert).run(20, 'a')).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT id FROM calls ORDER BY seq DESC').all()).toEqual([{ id: 'b' }, { id: 'a' }]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM calls ORDER BY seq DESC LIMIT 50').all() as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join()).not.toMatch(/TEMP B-TREE/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});
