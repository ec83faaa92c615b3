/**
 * The desktop's call history on disk, synchronous (better-sqlite3): it runs in the history worker
 * thread, never on Electron's main thread. Sync writes whole pages with their cursor in one
 * transaction, so a crash or a dropped network resumes from the last page written and a page seen
 * twice changes nothing (calls are upserted by id, an older revision never replaces a newer).
 * Local edits go to the outbox and show at once, laid over the server's values until confirmed.
 */
import type { AnnotationResponse, HistoryCall } from '../../server/api/history-api-types.js';
import type { HistoryDatabase } from './history-database.node.js';
import { ftsQuery } from './history-search-query.std.js';
import type {
  HistoryListItem,
  ListOptions,
  LocalCall,
  LocalEdit,
  OutboxEntry,
  ReportedConflict,
  RetentionResult,
} from './history-store-types.std.js';

const LIST_COLUMNS = `seq, id, started_at AS startedAt, direction, status, from_number AS fromNumber,
  to_number AS toNumber, queue_name AS queueName, agent_name AS agentName, note, disposition`;
const SLOTS_PER_MS = 1000;

interface OutboxRow {
  id: number;
  mutation_id: string;
  call_id: string;
  base_revision: number;
  edited_at: string;
  note: string | null;
  disposition: string | null;
  attempts: number;
}

export class LocalHistoryStore {
  constructor(private readonly db: HistoryDatabase) {}

  /** The revision up to which the server's changes are stored. */
  cursor(): number {
    const row = this.db.prepare("SELECT value FROM sync_state WHERE key = 'cursor'").get() as
      { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  /** Stores one page of the server's changes and the cursor after it, all or nothing. */
  applyPage(calls: HistoryCall[], cursor: number): void {
    this.db.transaction(() => {
      for (const call of calls) this.upsert(call);
      if (cursor > this.cursor())
        this.db
          .prepare(
            "INSERT INTO sync_state (key, value) VALUES ('cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          )
          .run(String(cursor));
    })();
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
  }

  /** Newest first, a page at a time. */
  list(options: ListOptions): HistoryListItem[] {
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const limit = clampLimit(options.limit);
    if (options.direction)
      return this.db
        .prepare(
          `SELECT ${LIST_COLUMNS} FROM calls WHERE direction = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
        )
        .all(options.direction, before, limit) as HistoryListItem[];
    return this.db
      .prepare(`SELECT ${LIST_COLUMNS} FROM calls WHERE seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(before, limit) as HistoryListItem[];
  }

  /** Calls matching what was typed, newest first; the plain list when nothing searchable was typed. */
  search(text: string, limit: number): HistoryListItem[] {
    const query = ftsQuery(text);
    if (query === null) return this.list({ limit });
    return this.db
      .prepare(
        `SELECT ${LIST_COLUMNS} FROM calls WHERE seq IN
           (SELECT rowid FROM call_search WHERE call_search MATCH ? ORDER BY rowid DESC LIMIT ?)
         ORDER BY seq DESC`,
      )
      .all(query, clampLimit(limit)) as HistoryListItem[];
  }

  get(callId: string): LocalCall | null {
    const row = this.db.prepare('SELECT record, note, disposition FROM calls WHERE id = ?').get(callId) as
      { record: string; note: string | null; disposition: string | null } | undefined;
    if (!row) return null;
    return {
      call: JSON.parse(row.record) as HistoryCall,
      note: row.note,
      disposition: row.disposition,
      pendingEdits: this.pendingFor(callId).length,
    };
  }

  /** Records an edit made here: shown (and searchable) at once, sent by the outbox when possible. */
  edit(edit: LocalEdit): void {
    if (edit.note === undefined && edit.disposition === undefined)
      throw new TypeError('an edit needs a note, a disposition or both');
    this.db.transaction(() => {
      const call = this.db.prepare('SELECT revision FROM calls WHERE id = ?').get(edit.callId) as
        { revision: number } | undefined;
      if (!call) throw new TypeError(`no call ${edit.callId} in the local history`);
      this.db
        .prepare(
          `INSERT INTO outbox (mutation_id, call_id, base_revision, edited_at, note, disposition)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          edit.mutationId,
          edit.callId,
          call.revision,
          edit.editedAt,
          edit.note ?? null,
          edit.disposition ?? null,
        );
      if (edit.note !== undefined)
        this.db.prepare('UPDATE calls SET note = ? WHERE id = ?').run(edit.note, edit.callId);
      if (edit.disposition !== undefined)
        this.db.prepare('UPDATE calls SET disposition = ? WHERE id = ?').run(edit.disposition, edit.callId);
    })();
  }

  /** The oldest edit still to send, if any. */
  nextOutbox(): OutboxEntry | null {
    const row = this.db.prepare("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1").get() as
      OutboxRow | undefined;
    return row ? toOutboxEntry(row) : null;
  }

  pendingCount(): number {
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }
    ).n;
  }

  /** The server took the edit: store its answer, report its conflicts, rebase the call's later edits. */
  outboxDelivered(entryId: number, answer: AnnotationResponse, reportedAt: string): void {
    this.db.transaction(() => {
      const entry = this.db.prepare('SELECT call_id FROM outbox WHERE id = ?').get(entryId) as
        { call_id: string } | undefined;
      if (!entry) return;
      this.db.prepare('DELETE FROM outbox WHERE id = ?').run(entryId);
      // Later edits of the same call were made after this one: they build on it, not against it.
      this.db
        .prepare('UPDATE outbox SET base_revision = MAX(base_revision, ?) WHERE call_id = ?')
        .run(answer.call.revision, entry.call_id);
      if (!answer.outcome.replayed) {
        const report = this.db.prepare(
          'INSERT INTO conflicts (call_id, field, yours, theirs, winner, reported_at) VALUES (?, ?, ?, ?, ?, ?)',
        );
        for (const conflict of answer.outcome.conflicts)
          report.run(
            entry.call_id,
            conflict.field,
            conflict.yours,
            conflict.theirs,
            conflict.winner,
            reportedAt,
          );
      }
      this.upsert(answer.call);
    })();
  }

  /** The server refused the edit for good (the call is gone, the edit is invalid): keep it, stop sending it. */
  outboxRejected(entryId: number, error: string): void {
    this.db.transaction(() => {
      const entry = this.db.prepare('SELECT call_id FROM outbox WHERE id = ?').get(entryId) as
        { call_id: string } | undefined;
      this.db
        .prepare("UPDATE outbox SET state = 'rejected', last_error = ? WHERE id = ?")
        .run(error, entryId);
      if (entry) this.restoreServerValues(entry.call_id);
    })();
  }

  /** Sending failed for now (network): try again later. */
  outboxAttemptFailed(entryId: number, error: string): void {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?')
      .run(error, entryId);
  }

  conflicts(unseenOnly = true): ReportedConflict[] {
    const rows = this.db
      .prepare(`SELECT * FROM conflicts ${unseenOnly ? 'WHERE seen = 0' : ''} ORDER BY id`)
      .all() as {
      id: number;
      call_id: string;
      field: 'note' | 'disposition';
      yours: string;
      theirs: string;
      winner: 'yours' | 'theirs';
      reported_at: string;
      seen: number;
    }[];
    return rows.map((row) => {
      const call = this.get(row.call_id)?.call;
      const theirs = call?.annotationHistory.find(
        (entry) => entry.field === row.field && entry.value === row.theirs,
      );
      return {
        id: row.id,
        callId: row.call_id,
        field: row.field,
        yours: row.yours,
        theirs: row.theirs,
        theirsEditedAt: theirs?.editedAt ?? call?.[row.field]?.editedAt ?? '',
        theirsEditedBy: theirs?.editedBy ?? call?.[row.field]?.editedBy ?? null,
        winner: row.winner,
        reportedAt: row.reported_at,
        seen: row.seen === 1,
      };
    });
  }

  markConflictsSeen(ids: number[]): void {
    const mark = this.db.prepare('UPDATE conflicts SET seen = 1 WHERE id = ?');
    this.db.transaction(() => ids.forEach((id) => mark.run(id)))();
  }

  /** Bytes the database's pages hold (free pages not counted). */
  usedBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * size;
  }

  /**
   * Keeps the database under `maxBytes` by deleting the oldest calls (never one with an edit still
   * to send), then gives the freed pages back to the disk.
   */
  enforceRetention(maxBytes: number): RetentionResult {
    let deleted = 0;
    for (let round = 0; round < 20; round++) {
      const used = this.usedBytes();
      if (used <= maxBytes) break;
      const count = this.count();
      if (count === 0) break;
      const excess = Math.ceil(count * (1 - maxBytes / used)) + Math.ceil(count / 100);
      const removed = this.db
        .prepare(
          `DELETE FROM calls WHERE seq IN (SELECT seq FROM calls WHERE id NOT IN
             (SELECT call_id FROM outbox WHERE state = 'pending') ORDER BY seq LIMIT ?)`,
        )
        .run(excess).changes;
      if (removed === 0) break;
      deleted += removed;
      this.db.exec("INSERT INTO call_search (call_search) VALUES ('optimize')");
      this.db.pragma('incremental_vacuum');
    }
    if (deleted > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { deleted, usedBytes: this.usedBytes() };
  }

  private pendingFor(callId: string): OutboxRow[] {
    return this.db
      .prepare("SELECT * FROM outbox WHERE call_id = ? AND state = 'pending' ORDER BY id")
      .all(callId) as OutboxRow[];
  }

  private restoreServerValues(callId: string): void {
    const row = this.db.prepare('SELECT record FROM calls WHERE id = ?').get(callId) as
      { record: string } | undefined;
    if (row) this.upsert(JSON.parse(row.record) as HistoryCall, true);
  }

  private upsert(call: HistoryCall, force = false): void {
    const existing = this.db.prepare('SELECT seq, revision FROM calls WHERE id = ?').get(call.id) as
      { seq: number; revision: number } | undefined;
    if (existing && existing.revision > call.revision && !force) return;
    // Edits not yet confirmed stay on top of what the server says.
    let note = call.note?.value ?? null;
    let disposition = call.disposition?.value ?? null;
    for (const pending of this.pendingFor(call.id)) {
      if (pending.note !== null) note = pending.note;
      if (pending.disposition !== null) disposition = pending.disposition;
    }
    const values = [
      call.revision,
      call.startedAt,
      call.direction,
      call.status,
      call.fromNumber,
      call.toNumber,
      call.queueName,
      call.agentName,
      note,
      disposition,
      JSON.stringify(call),
    ];
    if (existing) {
      this.db
        .prepare(
          `UPDATE calls SET revision = ?, started_at = ?, direction = ?, status = ?, from_number = ?, to_number = ?,
             queue_name = ?, agent_name = ?, note = ?, disposition = ?, record = ? WHERE seq = ?`,
        )
        .run(...values, existing.seq);
    } else {
      this.db
        .prepare(
          `INSERT INTO calls (revision, started_at, direction, status, from_number, to_number, queue_name, agent_name,
             note, disposition, record, seq, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...values, this.freeSeq(call.startedAt), call.id);
    }
  }

  /** A chronological key for a new call: its start in ms, times 1000, plus the first free slot. */
  private freeSeq(startedAt: string): number {
    const ms = Date.parse(startedAt);
    const base = (Number.isNaN(ms) ? 0 : ms) * SLOTS_PER_MS;
    const { last } = this.db
      .prepare('SELECT MAX(seq) AS last FROM calls WHERE seq >= ? AND seq < ?')
      .get(base, base + SLOTS_PER_MS) as { last: number | null };
    const seq = last === null ? base : last + 1;
    if (seq < base + SLOTS_PER_MS) return seq;
    return (this.db.prepare('SELECT MAX(seq) + 1 AS next FROM calls').get() as { next: number }).next;
  }
}

function clampLimit(limit: number): number {
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, 500) : 50;
}

function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    mutationId: row.mutation_id,
    callId: row.call_id,
    baseRevision: row.base_revision,
    editedAt: row.edited_at,
    note: row.note,
    disposition: row.disposition,
    attempts: row.attempts,
  };
}
