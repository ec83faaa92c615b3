/**
 * What the desktop's local history store answers, shared by the worker, its client in the main
 * process and (later) the bridge to the renderer. Plain data: it crosses threads and IPC.
 */
import type { AnnotationConflict, HistoryCall } from '../../server/api/history-api-types.js';

export interface HistoryListItem {
  seq: number;
  id: string;
  startedAt: string;
  direction: string;
  status: string;
  fromNumber: string;
  toNumber: string;
  queueName: string | null;
  agentName: string | null;
  note: string | null;
  disposition: string | null;
}

/** A call as the agent sees it here: the server's record, with edits not yet confirmed laid over it. */
export interface LocalCall {
  call: HistoryCall;
  note: string | null;
  disposition: string | null;
  /** Edits of this call waiting in the outbox. */
  pendingEdits: number;
}

export interface ListOptions {
  /** Only calls older than this `seq` (the last item of the previous page). */
  before?: number;
  limit: number;
  direction?: 'inbound' | 'outbound' | 'internal';
}

export interface LocalEdit {
  callId: string;
  mutationId: string;
  editedAt: string;
  note?: string;
  disposition?: string;
}

export interface OutboxEntry {
  id: number;
  mutationId: string;
  callId: string;
  baseRevision: number;
  editedAt: string;
  note: string | null;
  disposition: string | null;
  attempts: number;
}

export interface ReportedConflict extends AnnotationConflict {
  id: number;
  callId: string;
  reportedAt: string;
  seen: boolean;
}

export interface RetentionResult {
  deleted: number;
  usedBytes: number;
}
