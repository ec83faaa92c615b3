import { describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../history-database.node.js';
import { historyMigrations } from './index.node.js';

describe('history migration 0003: outbox', () => {
  it('keeps edits in order with one row per mutation id, and conflicts until seen', () => {
    const db = openHistoryDatabase(':memory:', historyMigrations);
    const add = db.prepare(
      "INSERT INTO outbox (mutation_id, call_id, base_revision, edited_at, note) VALUES (?, 'c1', 3, 'now', ?)",
    );
    add.run('m-1', 'first');
    add.run('m-2', 'second');
    expect(() => add.run('m-1', 'again')).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT note, state FROM outbox ORDER BY id').all()).toEqual([
      { note: 'first', state: 'pending' },
      { note: 'second', state: 'pending' },
    ]);
    expect(() => db.prepare("UPDATE outbox SET state = 'lost'").run()).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO conflicts (call_id, field, yours, theirs, winner, reported_at) VALUES ('c1', 'note', 'a', 'b', 'theirs', 'now')",
    ).run();
    expect(db.prepare('SELECT seen FROM conflicts').get()).toEqual({ seen: 0 });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
  });
});
