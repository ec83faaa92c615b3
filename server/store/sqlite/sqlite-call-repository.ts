import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../database.js';
import { toCallRecord, type CallRow } from './call-row.js';
import type { CallEvent, CallRecord, CallRepository, CallUpdate, NewCall } from '../store-types.js';

const NEXT_REVISION = '(SELECT COALESCE(MAX(revision), 0) + 1 FROM calls)';

/**
 * Call records (CDRs). Every write bumps the record's `revision` to one above the highest in the
 * table, which gives clients a cursor for "changes since" without a clock.
 */
export class SqliteCallRepository implements CallRepository {
  /** Prepared once per SQL text: every call writes several events, and preparing is not free. */
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {}

  private statement(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  start(call: NewCall): CallRecord {
    this.statement(
      `INSERT INTO calls (id, tenant_id, direction, from_number, to_number, status, started_at, revision)
         VALUES (?, ?, ?, ?, ?, 'active', ?, ${NEXT_REVISION})`,
    ).run(call.id, call.tenantId, call.direction, call.fromNumber, call.toNumber, call.startedAt);
    return this.get(call.id);
  }

  update(id: string, update: CallUpdate): CallRecord {
    const columns: Record<keyof CallUpdate, string> = {
      answeredAt: 'answered_at',
      queueId: 'queue_id',
      agentId: 'agent_id',
      recordingRef: 'recording_ref',
      wrapUpMs: 'wrap_up_ms',
    };
    const entries = (Object.keys(update) as (keyof CallUpdate)[]).filter((key) => update[key] !== undefined);
    if (entries.length > 0) {
      const assignments = entries.map((key) => `${columns[key]} = ?`).join(', ');
      const result = this.statement(
        `UPDATE calls SET ${assignments}, revision = ${NEXT_REVISION} WHERE id = ?`,
      ).run(...entries.map((key) => update[key] ?? null), id);
      if (result.changes === 0) throw new TypeError(`no call ${id}`);
    }
    return this.get(id);
  }

  appendEvent(
    callId: string,
    kind: string,
    data: Record<string, unknown> = {},
    at = new Date().toISOString(),
  ): CallEvent {
    const result = this.statement(
      'INSERT INTO call_events (call_id, at, kind, data) VALUES (?, ?, ?, ?)',
    ).run(callId, at, kind, JSON.stringify(data));
    this.statement(`UPDATE calls SET revision = ${NEXT_REVISION} WHERE id = ?`).run(callId);
    return { id: Number(result.lastInsertRowid), callId, at, kind, data };
  }

  finish(id: string, end: { endedAt: string; endReason: string; hangupBy: string | null }): CallRecord {
    const result = this.statement(
      `UPDATE calls SET status = 'completed', ended_at = ?, end_reason = ?, hangup_by = ?, revision = ${NEXT_REVISION}
         WHERE id = ? AND status = 'active'`,
    ).run(end.endedAt, end.endReason, end.hangupBy, id);
    if (result.changes === 0 && !this.find(id)) throw new TypeError(`no call ${id}`);
    return this.get(id);
  }

  find(id: string): CallRecord | null {
    const row = this.statement('SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
    return row ? toCallRecord(row) : null;
  }

  events(callId: string): CallEvent[] {
    const rows = this.statement('SELECT * FROM call_events WHERE call_id = ? ORDER BY id').all(callId) as {
      id: number;
      call_id: string;
      at: string;
      kind: string;
      data: string;
    }[];
    return rows.map((row) => ({
      id: row.id,
      callId: row.call_id,
      at: row.at,
      kind: row.kind,
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));
  }

  markInterruptedCalls(at: string): number {
    const mark = this.db.transaction(() => {
      const active = this.statement("SELECT id FROM calls WHERE status = 'active'").all() as {
        id: string;
      }[];
      for (const { id } of active) {
        this.db
          .prepare(
            `UPDATE calls SET status = 'unfinished', ended_at = ?, end_reason = 'server-restart',
               revision = ${NEXT_REVISION} WHERE id = ?`,
          )
          .run(at, id);
        this.db
          .prepare('INSERT INTO call_events (call_id, at, kind, data) VALUES (?, ?, ?, ?)')
          .run(
            id,
            at,
            'interrupted',
            JSON.stringify({ reason: 'the server stopped while the call was active' }),
          );
      }
      return active.length;
    });
    return mark();
  }

  changedSince(revision: number, limit: number): CallRecord[] {
    return (
      this.statement('SELECT * FROM calls WHERE revision > ? ORDER BY revision LIMIT ?').all(
        revision,
        limit,
      ) as CallRow[]
    ).map(toCallRecord);
  }

  startedBetween(tenantId: string, from: string, to: string, limit: number): CallRecord[] {
    return (
      this.statement(
        `SELECT * FROM calls WHERE tenant_id = ? AND started_at >= ? AND started_at < ?
           ORDER BY started_at, id LIMIT ?`,
      ).all(tenantId, from, to, limit) as CallRow[]
    ).map(toCallRecord);
  }

  private get(id: string): CallRecord {
    const record = this.find(id);
    if (!record) throw new TypeError(`no call ${id}`);
    return record;
  }
}
