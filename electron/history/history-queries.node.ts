/**
 * The history view's questions of the local store: one filtered, paged query (search text through the
 * FTS5 index, the other filters as plain conditions) and the values the filter menus offer. Runs in the
 * history worker beside `LocalHistoryStore`, on the same connection; reads only.
 */
import type { HistoryCall } from '../../server/api/history-api-types.js';
import type { HistoryDatabase } from './history-database.node.js';
import type { HistoryFacetValues, HistoryQueryFilter, HistoryQueryPage } from './history-query-types.std.js';
import { ftsQuery } from './history-search-query.std.js';

const PAGE_MAX = 500;

interface QueryRow {
  id: string;
  record: string;
  note: string | null;
  disposition: string | null;
  pending: number;
}

export class HistoryQueries {
  constructor(private readonly db: HistoryDatabase) {}

  query(filter: HistoryQueryFilter, offset: number, limit: number): HistoryQueryPage {
    const { where, values } = conditionsOf(filter);
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM calls c ${where}`).get(...values) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT c.id, c.record, c.note, c.disposition,
           (SELECT COUNT(*) FROM outbox o WHERE o.call_id = c.id AND o.state = 'pending') AS pending
         FROM calls c ${where} ORDER BY c.seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...values, clamp(limit, 1, PAGE_MAX), Math.max(0, Math.trunc(offset))) as QueryRow[];
    return {
      total,
      rows: rows.map((row) => ({
        call: JSON.parse(row.record) as HistoryCall,
        note: row.note,
        disposition: row.disposition,
        pendingEdits: row.pending,
      })),
    };
  }

  facets(): HistoryFacetValues {
    const distinct = (column: 'queue_name' | 'disposition') =>
      (
        this.db
          .prepare(
            `SELECT DISTINCT ${column} AS value FROM calls WHERE ${column} IS NOT NULL AND ${column} != ''`,
          )
          .all() as { value: string }[]
      )
        .map((row) => row.value)
        .sort((a, b) => a.localeCompare(b));
    return { queues: distinct('queue_name'), dispositions: distinct('disposition') };
  }
}

function conditionsOf(filter: HistoryQueryFilter): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const match = ftsQuery(filter.text);
  if (match !== null) {
    conditions.push('c.seq IN (SELECT rowid FROM call_search WHERE call_search MATCH ?)');
    values.push(match);
  }
  if (filter.startedFrom !== undefined) {
    conditions.push('c.started_at >= ?');
    values.push(new Date(filter.startedFrom).toISOString());
  }
  if (filter.startedBefore !== undefined) {
    conditions.push('c.started_at < ?');
    values.push(new Date(filter.startedBefore).toISOString());
  }
  if (filter.direction !== undefined) {
    conditions.push('c.direction = ?');
    values.push(filter.direction);
  }
  if (filter.queue !== undefined) {
    conditions.push('c.queue_name = ?');
    values.push(filter.queue);
  }
  if (filter.disposition !== undefined) {
    conditions.push('c.disposition = ?');
    values.push(filter.disposition);
  }
  if (filter.outcome === 'answered') conditions.push("json_extract(c.record, '$.answeredAt') IS NOT NULL");
  if (filter.outcome === 'missed')
    conditions.push("json_extract(c.record, '$.answeredAt') IS NULL AND c.status != 'active'");
  if (filter.outcome === 'active')
    conditions.push("json_extract(c.record, '$.answeredAt') IS NULL AND c.status = 'active'");
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', values };
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, Math.trunc(value))) : low;
}
