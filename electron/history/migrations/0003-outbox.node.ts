/**
 * Edits made on this desktop that the server has not confirmed yet (the outbox, sent in order when
 * the server is reachable; the mutation id makes a resend harmless), and the conflicts the server
 * reported, kept until the agent has seen them.
 */
import type { HistoryMigration } from './history-migration-types.std.js';

export const outbox: HistoryMigration = {
  version: 3,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        mutation_id TEXT NOT NULL UNIQUE,
        call_id TEXT NOT NULL,
        base_revision INTEGER NOT NULL,
        edited_at TEXT NOT NULL,
        note TEXT,
        disposition TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX outbox_by_call ON outbox (call_id, id);

      CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        call_id TEXT NOT NULL,
        field TEXT NOT NULL,
        yours TEXT NOT NULL,
        theirs TEXT NOT NULL,
        winner TEXT NOT NULL CHECK (winner IN ('yours', 'theirs')),
        reported_at TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1))
      );
    `);
  },
};
