/**
 * Call history in SQLite: pages of changed calls with their events and annotations (four queries a
 * page, whatever its size), and annotation edits with per-field last-writer-wins.
 */
import type { SqliteDatabase } from '../database.js';
import {
  ANNOTATION_FIELDS,
  type Annotation,
  type AnnotationConflict,
  type AnnotationEdit,
  type AnnotationField,
  type AnnotationHistoryEntry,
  type AnnotationOutcome,
  type CallHistoryRepository,
  type HistoryCall,
  type HistoryEvent,
  type HistoryPage,
  type HistoryScope,
} from '../call-history-types.js';
import { toCallRecord, type CallRow } from './call-row.js';

/** A call with the names of its queue and agent joined in. */
interface HistoryCallRow extends CallRow {
  queue_name: string | null;
  agent_name: string | null;
}

interface AnnotationRow {
  call_id: string;
  field: AnnotationField;
  value: string;
  edited_at: string;
  edited_by: string | null;
  edited_by_name: string | null;
  revision: number;
}

interface HistoryRow {
  call_id: string;
  field: AnnotationField;
  value: string;
  edited_at: string;
  edited_by: string | null;
  superseded_at: string;
  reason: AnnotationHistoryEntry['reason'];
}

const SELECT_CALLS = `SELECT c.*, q.name AS queue_name, a.display_name AS agent_name FROM calls c
  LEFT JOIN queues q ON q.id = c.queue_id LEFT JOIN agents a ON a.id = c.agent_id`;
const IN_IDS = 'IN (SELECT value FROM json_each(?))';

export class SqliteCallHistoryRepository implements CallHistoryRepository {
  constructor(private readonly db: SqliteDatabase) {}

  changedSince(scope: HistoryScope, since: number, limit: number): HistoryPage {
    const [column, key] =
      scope.kind === 'agent' ? ['agent_id', scope.agentId] : ['tenant_id', scope.tenantId];
    const read = this.db.transaction(() => {
      const rows = this.db
        .prepare(`${SELECT_CALLS} WHERE c.${column} = ? AND c.revision > ? ORDER BY c.revision LIMIT ?`)
        .all(key, since, limit) as HistoryCallRow[];
      const cursor = rows.length > 0 ? rows[rows.length - 1]!.revision : since;
      const { n } = this.db
        .prepare(`SELECT COUNT(*) AS n FROM calls WHERE ${column} = ? AND revision > ?`)
        .get(key, cursor) as { n: number };
      return { calls: this.withDetails(rows), cursor, remaining: n };
    });
    return read();
  }

  find(callId: string): HistoryCall | null {
    const row = this.db.prepare(`${SELECT_CALLS} WHERE c.id = ?`).get(callId) as HistoryCallRow | undefined;
    return row ? this.withDetails([row])[0]! : null;
  }

  annotate(edit: AnnotationEdit, now: string): { call: HistoryCall; outcome: AnnotationOutcome } {
    const apply = this.db.transaction(() => {
      const earlier = this.db
        .prepare('SELECT call_id, outcome FROM call_annotation_mutations WHERE mutation_id = ?')
        .get(edit.mutationId) as { call_id: string; outcome: string } | undefined;
      if (earlier) {
        if (earlier.call_id !== edit.callId)
          throw new TypeError(`mutation ${edit.mutationId} was already used for another call`);
        const outcome = JSON.parse(earlier.outcome) as AnnotationOutcome;
        return { call: this.get(edit.callId), outcome: { ...outcome, replayed: true } };
      }
      const outcome = this.applyFields(edit, now);
      this.db
        .prepare(
          'INSERT INTO call_annotation_mutations (mutation_id, call_id, agent_id, outcome, at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(edit.mutationId, edit.callId, edit.editedBy, JSON.stringify(outcome), now);
      return { call: this.get(edit.callId), outcome };
    });
    return apply();
  }

  private applyFields(edit: AnnotationEdit, now: string): AnnotationOutcome {
    if (!this.db.prepare('SELECT 1 FROM calls WHERE id = ?').get(edit.callId))
      throw new TypeError(`no call ${edit.callId}`);
    // A clock running ahead must not win every conflict for ever.
    const editedAt = edit.editedAt > now ? now : edit.editedAt;
    const { revision } = this.db
      .prepare('SELECT COALESCE(MAX(revision), 0) + 1 AS revision FROM calls')
      .get() as { revision: number };
    const outcome: AnnotationOutcome = { applied: [], conflicts: [], replayed: false };
    let changed = false;
    const keep = this.db.prepare(
      `INSERT INTO call_annotation_history (call_id, field, value, edited_at, edited_by, superseded_at, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const write = this.db.prepare(
      `INSERT INTO call_annotations (call_id, field, value, edited_at, edited_by, revision) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (call_id, field) DO UPDATE SET value = excluded.value, edited_at = excluded.edited_at,
         edited_by = excluded.edited_by, revision = excluded.revision`,
    );
    for (const field of ANNOTATION_FIELDS) {
      const value = edit.values[field];
      if (value === undefined) continue;
      const current = this.db
        .prepare('SELECT * FROM call_annotations WHERE call_id = ? AND field = ?')
        .get(edit.callId, field) as Omit<AnnotationRow, 'edited_by_name'> | undefined;
      if (current?.value === value) {
        outcome.applied.push(field);
        continue;
      }
      changed = true;
      if (current && current.revision > edit.baseRevision) {
        // Written by someone after the writer last looked: last writer (by edit time) wins the field.
        const yoursWins = editedAt > current.edited_at;
        const conflict: AnnotationConflict = {
          field,
          yours: value,
          theirs: current.value,
          theirsEditedAt: current.edited_at,
          theirsEditedBy: current.edited_by,
          winner: yoursWins ? 'yours' : 'theirs',
        };
        outcome.conflicts.push(conflict);
        if (yoursWins) {
          keep.run(
            edit.callId,
            field,
            current.value,
            current.edited_at,
            current.edited_by,
            now,
            'lost-conflict',
          );
          write.run(edit.callId, field, value, editedAt, edit.editedBy, revision);
          outcome.applied.push(field);
        } else {
          keep.run(edit.callId, field, value, editedAt, edit.editedBy, now, 'lost-conflict');
        }
        continue;
      }
      if (current)
        keep.run(edit.callId, field, current.value, current.edited_at, current.edited_by, now, 'replaced');
      write.run(edit.callId, field, value, editedAt, edit.editedBy, revision);
      outcome.applied.push(field);
    }
    if (changed) this.db.prepare('UPDATE calls SET revision = ? WHERE id = ?').run(revision, edit.callId);
    return outcome;
  }

  private get(callId: string): HistoryCall {
    const call = this.find(callId);
    if (!call) throw new TypeError(`no call ${callId}`);
    return call;
  }

  private withDetails(rows: HistoryCallRow[]): HistoryCall[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((row) => row.id));
    const events = groupBy(
      this.db.prepare(`SELECT * FROM call_events WHERE call_id ${IN_IDS} ORDER BY call_id, id`).all(ids) as {
        id: number;
        call_id: string;
        at: string;
        kind: string;
        data: string;
      }[],
    );
    const annotations = groupBy(
      this.db
        .prepare(
          `SELECT n.*, a.display_name AS edited_by_name FROM call_annotations n
           LEFT JOIN agents a ON a.id = n.edited_by WHERE n.call_id ${IN_IDS}`,
        )
        .all(ids) as AnnotationRow[],
    );
    const history = groupBy(
      this.db
        .prepare(`SELECT * FROM call_annotation_history WHERE call_id ${IN_IDS} ORDER BY call_id, id`)
        .all(ids) as HistoryRow[],
    );
    return rows.map((row) => {
      const own = annotations.get(row.id) ?? [];
      const field = (name: AnnotationField) => {
        const found = own.find((annotation) => annotation.field === name);
        return found ? toAnnotation(found) : null;
      };
      return {
        ...toCallRecord(row),
        queueName: row.queue_name,
        agentName: row.agent_name,
        events: (events.get(row.id) ?? []).map(toEvent),
        note: field('note'),
        disposition: field('disposition'),
        annotationHistory: (history.get(row.id) ?? []).map(toHistoryEntry),
      };
    });
  }
}

function groupBy<Row extends { call_id: string }>(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.call_id);
    if (group) group.push(row);
    else groups.set(row.call_id, [row]);
  }
  return groups;
}

function toEvent(row: { id: number; at: string; kind: string; data: string }): HistoryEvent {
  return { id: row.id, at: row.at, kind: row.kind, data: JSON.parse(row.data) as Record<string, unknown> };
}

function toAnnotation(row: AnnotationRow): Annotation {
  return {
    value: row.value,
    editedAt: row.edited_at,
    editedBy: row.edited_by,
    editedByName: row.edited_by_name,
    revision: row.revision,
  };
}

function toHistoryEntry(row: HistoryRow): AnnotationHistoryEntry {
  return {
    field: row.field,
    value: row.value,
    editedAt: row.edited_at,
    editedBy: row.edited_by,
    supersededAt: row.superseded_at,
    reason: row.reason,
  };
}

const repositories = new WeakMap<SqliteDatabase, SqliteCallHistoryRepository>();

/** The history repository of an open store (one per database, made on first use). */
export function callHistoryOf(store: { readonly db: SqliteDatabase }): SqliteCallHistoryRepository {
  let repository = repositories.get(store.db);
  if (!repository) {
    repository = new SqliteCallHistoryRepository(store.db);
    repositories.set(store.db, repository);
  }
  return repository;
}
