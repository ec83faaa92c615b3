/**
 * Notes and dispositions on calls, written by agents (also offline, replayed later by the desktop's
 * outbox). Each field keeps who wrote it, when (the writer's clock, never later than the server's)
 * and the call revision of the write, so that a writer who had not seen it can be told of the
 * conflict. Every value a field loses (overwritten, or beaten in a conflict) stays in the history.
 * A replayed edit is recognised by its mutation id and answered as the first time (idempotent).
 * Two indexes serve "changes since revision N" for one agent and for a whole tenant.
 */
import type { Migration } from './migration-types.js';

export const callAnnotations: Migration = {
  version: 4,
  name: 'call annotations',
  up(db) {
    db.exec(`
      CREATE TABLE call_annotations (
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('note', 'disposition')),
        value TEXT NOT NULL,
        edited_at TEXT NOT NULL,
        edited_by TEXT REFERENCES agents(id) ON DELETE SET NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (call_id, field)
      );

      CREATE TABLE call_annotation_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('note', 'disposition')),
        value TEXT NOT NULL,
        edited_at TEXT NOT NULL,
        edited_by TEXT REFERENCES agents(id) ON DELETE SET NULL,
        superseded_at TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('replaced', 'lost-conflict'))
      );
      CREATE INDEX call_annotation_history_by_call ON call_annotation_history (call_id, id);

      CREATE TABLE call_annotation_mutations (
        mutation_id TEXT PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        agent_id TEXT REFERENCES agents(id) ON DELETE SET NULL,
        outcome TEXT NOT NULL,
        at TEXT NOT NULL
      );

      CREATE INDEX calls_by_agent_revision ON calls (agent_id, revision);
      CREATE INDEX calls_by_tenant_revision ON calls (tenant_id, revision);
    `);
  },
};
