/**
 * The call records (CDRs) a spawned Tandem wrote, read straight from its SQLite database (WAL: a reader does
 * not block the server): what a report or the call history would show after the calls.
 *
 *   const [first, second] = readCallRecords(tandem.dataDir);
 *   expect(first).toMatchObject({ status: 'completed', endReason: 'caller-hangup', hangupBy: 'caller' });
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredCallRecord {
  readonly id: string;
  readonly status: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  readonly endReason: string | null;
  readonly hangupBy: string | null;
  /** The kinds of the call's events, in order (`received`, `answered`, `held`, ...). */
  readonly events: readonly string[];
}

interface CallRow {
  id: string;
  status: string;
  answered_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  hangup_by: string | null;
}

/** Every call record of the server whose data directory is `dataDir`, oldest first. */
export function readCallRecords(dataDir: string): StoredCallRecord[] {
  const db = new Database(join(dataDir, 'tandem.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT id, status, answered_at, ended_at, end_reason, hangup_by FROM calls ORDER BY started_at, rowid',
      )
      .all() as CallRow[];
    const eventsOf = db.prepare('SELECT kind FROM call_events WHERE call_id = ? ORDER BY id');
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      answeredAt: row.answered_at,
      endedAt: row.ended_at,
      endReason: row.end_reason,
      hangupBy: row.hangup_by,
      events: (eventsOf.all(row.id) as { kind: string }[]).map((event) => event.kind),
    }));
  } finally {
    db.close();
  }
}
