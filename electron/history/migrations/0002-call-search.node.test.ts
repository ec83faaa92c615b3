import { describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../history-database.node.js';
import { localCalls } from './0001-local-calls.node.js';
import { callSearch } from './0002-call-search.node.js';

const insert = `INSERT INTO calls (seq, id, revision, started_at, direction, status, from_number, to_number, queue_name, agent_name, note, disposition, record)
  VALUES (?, ?, 1, '2026-01-05T09:00:00.000Z', 'inbound', 'completed', ?, '+15550100', 'Support', 'Alice Agent', ?, ?, '{}')`;

function matches(db: ReturnType<typeof openHistoryDatabase>, query: string): number[] {
  return (
    db.prepare('SELECT rowid FROM call_search WHERE call_search MATCH ? ORDER BY rowid').all(query) as {
      rowid: number;
    }[]
  ).map((row) => row.rowid);
}

describe('history migration 0002: call search', () => {
  it('indexes calls that were there before it ran', () => {
    const db = openHistoryDatabase(':memory:', [localCalls]);
    db.prepare(insert).run(7, 'old', '+4930123456', 'Rückruf erbeten', 'callback');
    db.transaction(() => callSearch.up(db))();
    expect(matches(db, 'ruckruf')).toEqual([7]);
    expect(matches(db, '"4930123456"')).toEqual([7]);
  });

  it('finds numbers with or without country code, names, notes and dispositions, and follows edits and deletes', () => {
    const db = openHistoryDatabase(':memory:', [localCalls, callSearch]);
    db.prepare(insert).run(1, 'a', '+44 20-7946 0958', 'asked for a refund', 'refund');
    db.prepare(insert).run(2, 'b', '+15550001', null, null);
    expect(matches(db, '"442079460958"*')).toEqual([1]);
    expect(matches(db, '"2079"*')).toEqual([1]);
    expect(matches(db, '"5550001"')).toEqual([2]);
    expect(matches(db, '"alic"*')).toEqual([1, 2]);
    expect(matches(db, 'note : "refun"*')).toEqual([1]);
    db.prepare("UPDATE calls SET note = 'wants a callback' WHERE id = 'b'").run();
    expect(matches(db, '"callback"')).toEqual([2]);
    db.prepare("UPDATE calls SET note = 'nothing' WHERE id = 'b'").run();
    expect(matches(db, '"callback"')).toEqual([]);
    db.prepare("DELETE FROM calls WHERE id = 'a'").run();
    expect(matches(db, '"refund"')).toEqual([]);
  });
});
