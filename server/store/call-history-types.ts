/**
 * Call history as agents review it: a call record with every event of its journey, its note and
 * disposition, and what those fields replaced or lost. The same shapes travel over HTTP to clients
 * (server/api/history-api-types.ts) and into the desktop's local store.
 */
import type { CallRecord } from './store-types.js';

/** The fields an agent writes on a call after the fact. */
export const ANNOTATION_FIELDS = ['note', 'disposition'] as const;
export type AnnotationField = (typeof ANNOTATION_FIELDS)[number];

export interface Annotation {
  value: string;
  /** When the writer made the edit (their clock, never later than the server's when it arrived). */
  editedAt: string;
  editedBy: string | null;
  editedByName: string | null;
  /** The call revision at which the value was written. */
  revision: number;
}

export interface AnnotationHistoryEntry {
  field: AnnotationField;
  value: string;
  editedAt: string;
  editedBy: string | null;
  supersededAt: string;
  /** `replaced`: a later edit took its place; `lost-conflict`: a concurrent edit won (last writer wins). */
  reason: 'replaced' | 'lost-conflict';
}

export interface HistoryEvent {
  id: number;
  at: string;
  kind: string;
  data: Record<string, unknown>;
}

export interface HistoryCall extends CallRecord {
  queueName: string | null;
  agentName: string | null;
  /** Grows with every change of the call, its events or its annotations. */
  revision: number;
  events: HistoryEvent[];
  note: Annotation | null;
  disposition: Annotation | null;
  annotationHistory: AnnotationHistoryEntry[];
}

/** Whose calls a reader may see: an agent their own, a supervisor or administrator their tenant's. */
export type HistoryScope = { kind: 'agent'; agentId: string } | { kind: 'tenant'; tenantId: string };

export interface HistoryPage {
  calls: HistoryCall[];
  /** The highest revision in this page (or the one asked for when empty): ask again "since" it. */
  cursor: number;
  /** Changes after this page, at the moment it was read. */
  remaining: number;
}

export interface AnnotationEdit {
  callId: string;
  /** Chosen by the client for this edit; a replay with the same id is answered as the first time. */
  mutationId: string;
  /** The call revision the writer last saw: a field written after it is a conflict. */
  baseRevision: number;
  editedAt: string;
  editedBy: string;
  values: Partial<Record<AnnotationField, string>>;
}

export interface AnnotationConflict {
  field: AnnotationField;
  yours: string;
  theirs: string;
  theirsEditedAt: string;
  theirsEditedBy: string | null;
  /** Last writer (by edit time) wins; on a tie the value already stored stays. */
  winner: 'yours' | 'theirs';
}

export interface AnnotationOutcome {
  /** Fields whose value is now the writer's. */
  applied: AnnotationField[];
  conflicts: AnnotationConflict[];
  /** True when this mutation id had been applied before and this is the stored answer. */
  replayed: boolean;
}

export interface CallHistoryRepository {
  /** Changes in a scope with revision > `since`, oldest change first, at most `limit`. */
  changedSince(scope: HistoryScope, since: number, limit: number): HistoryPage;
  find(callId: string): HistoryCall | null;
  /** Applies an edit atomically; throws TypeError for an unknown call or a mutation id of another call. */
  annotate(edit: AnnotationEdit, now: string): { call: HistoryCall; outcome: AnnotationOutcome };
}
