/** Call quality figures in SQLite (migration 0005), one row per call and agent. */
import type { SqliteDatabase } from '../database.js';
import type { CallQuality, CallQualityFigures, CallQualityRepository } from '../call-quality-types.js';

interface QualityRow {
  call_id: string;
  agent_id: string | null;
  reported_at: string;
  samples: number;
  round_trip_ms_avg: number | null;
  round_trip_ms_max: number | null;
  jitter_ms_avg: number;
  jitter_ms_max: number;
  packet_loss_percent: number;
  mos_avg: number;
  mos_min: number;
  degraded_samples: number;
}

function toQuality(row: QualityRow): CallQuality {
  return {
    agentId: row.agent_id,
    reportedAt: row.reported_at,
    samples: row.samples,
    roundTripMsAvg: row.round_trip_ms_avg,
    roundTripMsMax: row.round_trip_ms_max,
    jitterMsAvg: row.jitter_ms_avg,
    jitterMsMax: row.jitter_ms_max,
    packetLossPercent: row.packet_loss_percent,
    mosAvg: row.mos_avg,
    mosMin: row.mos_min,
    degradedSamples: row.degraded_samples,
  };
}

/** SQLite limits the number of bound parameters; a history page is at most 1,000 calls. */
const IDS_PER_QUERY = 500;

export class SqliteCallQualityRepository implements CallQualityRepository {
  constructor(private readonly db: SqliteDatabase) {}

  save(callId: string, agentId: string, figures: CallQualityFigures, reportedAt: string): CallQuality {
    const write = this.db.transaction(() => {
      const bumped = this.db
        .prepare(
          'UPDATE calls SET revision = (SELECT COALESCE(MAX(revision), 0) + 1 FROM calls) WHERE id = ?',
        )
        .run(callId);
      if (bumped.changes === 0) throw new TypeError(`no call ${callId}`);
      this.db
        .prepare(
          `INSERT INTO call_quality (call_id, agent_id, reported_at, samples, round_trip_ms_avg, round_trip_ms_max,
             jitter_ms_avg, jitter_ms_max, packet_loss_percent, mos_avg, mos_min, degraded_samples)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (call_id, agent_id) DO UPDATE SET reported_at = excluded.reported_at,
             samples = excluded.samples, round_trip_ms_avg = excluded.round_trip_ms_avg,
             round_trip_ms_max = excluded.round_trip_ms_max, jitter_ms_avg = excluded.jitter_ms_avg,
             jitter_ms_max = excluded.jitter_ms_max, packet_loss_percent = excluded.packet_loss_percent,
             mos_avg = excluded.mos_avg, mos_min = excluded.mos_min, degraded_samples = excluded.degraded_samples`,
        )
        .run(
          callId,
          agentId,
          reportedAt,
          figures.samples,
          figures.roundTripMsAvg,
          figures.roundTripMsMax,
          figures.jitterMsAvg,
          figures.jitterMsMax,
          figures.packetLossPercent,
          figures.mosAvg,
          figures.mosMin,
          figures.degradedSamples,
        );
    });
    write();
    return { ...figures, agentId, reportedAt };
  }

  forCall(callId: string): CallQuality[] {
    return this.forCalls([callId]).get(callId) ?? [];
  }

  forCalls(callIds: readonly string[]): Map<string, CallQuality[]> {
    const byCall = new Map<string, CallQuality[]>();
    for (let start = 0; start < callIds.length; start += IDS_PER_QUERY) {
      const ids = callIds.slice(start, start + IDS_PER_QUERY);
      const rows = this.db
        .prepare(
          `SELECT * FROM call_quality WHERE call_id IN (${ids.map(() => '?').join(', ')})
             ORDER BY reported_at, rowid`,
        )
        .all(...ids) as QualityRow[];
      for (const row of rows) {
        const list = byCall.get(row.call_id) ?? [];
        list.push(toQuality(row));
        byCall.set(row.call_id, list);
      }
    }
    return byCall;
  }

  handledBy(callId: string, agentId: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 AS yes FROM calls WHERE id = ? AND agent_id = ?
         UNION ALL
         SELECT 1 FROM call_events WHERE call_id = ?
           AND ((kind IN ('answered', 'transferred', 'conference', 'monitored') AND json_extract(data, '$.agentId') = ?)
             OR (kind = 'received' AND json_extract(data, '$.callerAgentId') = ?))
         LIMIT 1`,
      )
      .get(callId, agentId, callId, agentId, agentId);
    return row !== undefined;
  }
}

const repositories = new WeakMap<SqliteDatabase, SqliteCallQualityRepository>();

/** The call-quality repository of an open store (one per database). */
export function callQualityOf(store: { readonly db: SqliteDatabase }): SqliteCallQualityRepository {
  let repository = repositories.get(store.db);
  if (!repository) {
    repository = new SqliteCallQualityRepository(store.db);
    repositories.set(store.db, repository);
  }
  return repository;
}
