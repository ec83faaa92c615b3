/** A `calls` row as SQLite returns it, and the CallRecord it is (shared by the call and history repositories). */
import type { CallRecord } from '../store-types.js';

export interface CallRow {
  id: string;
  tenant_id: string;
  direction: CallRecord['direction'];
  from_number: string;
  to_number: string;
  status: CallRecord['status'];
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  hangup_by: string | null;
  queue_id: string | null;
  agent_id: string | null;
  recording_ref: string | null;
  wrap_up_ms: number | null;
  revision: number;
}

export function toCallRecord(row: CallRow): CallRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    direction: row.direction,
    fromNumber: row.from_number,
    toNumber: row.to_number,
    status: row.status,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    hangupBy: row.hangup_by,
    queueId: row.queue_id,
    agentId: row.agent_id,
    recordingRef: row.recording_ref,
    wrapUpMs: row.wrap_up_ms,
    revision: row.revision,
  };
}
