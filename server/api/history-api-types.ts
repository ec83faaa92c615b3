/**
 * The call-history API contract, shared with clients (the desktop's sync engine):
 *
 *   GET /api/history/calls?since=<revision>&limit=<1..1000>   changed calls, oldest change first
 *   GET /api/history/call?id=<call id>                          one call
 *   PUT /api/history/annotations                                 a note and/or disposition edit
 *
 * Basic authentication. An agent sees the calls they handled, a supervisor or administrator their
 * tenant's. Paging is by revision: ask again with `since = cursor` until `remaining` is 0; a call
 * changed meanwhile comes again in a later page with a higher revision (clients upsert by id).
 */
import type { AnnotationOutcome, HistoryCall, HistoryPage } from '../store/call-history-types.js';
import type { CallQuality } from '../store/call-quality-types.js';

export type {
  Annotation,
  AnnotationConflict,
  AnnotationField,
  AnnotationHistoryEntry,
  AnnotationOutcome,
  HistoryCall,
  HistoryEvent,
} from '../store/call-history-types.js';

export type HistoryPageResponse = HistoryPage;

/** A call as the API sends it: with every agent's quality figures for it (call-quality-api-types.ts). */
export type HistoryCallWithQuality = HistoryCall & { quality: CallQuality[] };

export const HISTORY_PAGE_DEFAULT = 200;
export const HISTORY_PAGE_MAX = 1000;
export const NOTE_MAX_LENGTH = 10_000;
export const DISPOSITION_MAX_LENGTH = 200;

export interface AnnotationRequest {
  callId: string;
  /** A fresh id per edit (a UUID); sending the same edit again returns the first answer. */
  mutationId: string;
  /** The call's revision as the writer last saw it. */
  baseRevision: number;
  /** When the writer made the edit (ISO 8601); the server's time when absent. */
  editedAt?: string;
  note?: string;
  disposition?: string;
}

export interface AnnotationResponse {
  call: HistoryCall;
  outcome: AnnotationOutcome;
}
