/**
 * The calls as the server last sent them. `seq` is a chronological key (start time in ms x 1000 plus
 * a tie-breaker), so that the newest calls are read straight off the primary key, and search results
 * (FTS5 rowids) come newest first without sorting. The whole record (events, annotations, history)
 * is kept as JSON; the columns are what lists, filters and search need.
 */
import type { HistoryMigration } from './history-migration-types.std.js';

export const localCalls: HistoryMigration = {
  version: 1,
  name: 'local calls',
  up(db) {
    db.exec(`
      CREATE TABLE calls (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        revision INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        direction TEXT NOT NULL,
        status TEXT NOT NULL,
        from_number TEXT NOT NULL,
        to_number TEXT NOT NULL,
        queue_name TEXT,
        agent_name TEXT,
        note TEXT,
        disposition TEXT,
        record TEXT NOT NULL
      );
      CREATE INDEX calls_by_direction ON calls (direction, seq);

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
