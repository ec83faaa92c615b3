/**
 * Where the history view gets its calls from. Two implementations answer it:
 * - the browser build: the server's history API with an IndexedDB copy and an outbox
 *   (server-history-source.ts);
 * - the desktop app: the local SQLite store of electron/history, reached through the `window.tandem`
 *   bridge (wired by the Electron side; it already has FTS5 search and its own outbox).
 *
 * Every answer comes from what is kept locally, so the view opens and searches with the server away;
 * only `sync` and `replayOutbox` need the server, and they reject with `HistoryOfflineError` without it.
 */
import type { AnnotationConflict, HistoryCall } from '../../../server/api/history-api-types.js';

export type HistoryDirectionFilter = '' | 'inbound' | 'outbound' | 'internal';
/** `answered`: someone took the call; `missed`: it ended unanswered; `active`: not over yet. */
export type HistoryOutcome = 'answered' | 'missed' | 'active';

export interface HistoryFilter {
  /** Search as you type: numbers (punctuation ignored), names, queue, note, disposition. */
  readonly text: string;
  /** Calls started on or after this day (`YYYY-MM-DD`, the agent's time zone); '' for no limit. */
  readonly from: string;
  /** Calls started on or before this day; '' for no limit. */
  readonly to: string;
  readonly direction: HistoryDirectionFilter;
  /** A queue name; '' for all. */
  readonly queue: string;
  readonly outcome: '' | HistoryOutcome;
  /** A disposition; '' for all. */
  readonly disposition: string;
}

export const emptyHistoryFilter: HistoryFilter = {
  text: '',
  from: '',
  to: '',
  direction: '',
  queue: '',
  outcome: '',
  disposition: '',
};

/** A call as the agent sees it here: the server's record with edits not yet confirmed laid over it. */
export interface HistoryRow {
  readonly call: HistoryCall;
  readonly note: string;
  readonly disposition: string;
  /** Edits of this call waiting for the server. */
  readonly pendingEdits: number;
}

export interface HistoryListPage {
  readonly rows: readonly HistoryRow[];
  /** How many calls match the filter in all. */
  readonly total: number;
}

export interface HistoryFacets {
  readonly queues: readonly string[];
  readonly dispositions: readonly string[];
}

export interface HistoryEdit {
  readonly callId: string;
  readonly note?: string;
  readonly disposition?: string;
}

/** A concurrent edit the server resolved (last writer wins per field), to show to the agent. */
export interface CallConflict extends AnnotationConflict {
  readonly callId: string;
}

export interface ReplayOutcome {
  readonly delivered: number;
  /** Edits the server refused for good (an unknown call, a value too long): dropped from the outbox. */
  readonly rejected: number;
  readonly conflicts: readonly CallConflict[];
}

export interface HistorySource {
  /** Calls matching `filter`, newest first, `limit` of them from `offset`. */
  list(filter: HistoryFilter, offset: number, limit: number): Promise<HistoryListPage>;
  get(callId: string): Promise<HistoryRow | null>;
  /** The queues and dispositions the kept calls have, for the filter menus. */
  facets(): Promise<HistoryFacets>;
  /** Fetches what changed on the server since the last sync; resolves with the number of calls received. */
  sync(): Promise<number>;
  /** Keeps an edit at once (the view shows it) and queues it for the server. */
  edit(edit: HistoryEdit): Promise<void>;
  /** Sends queued edits, oldest first; stops at the first that cannot reach the server. */
  replayOutbox(): Promise<ReplayOutcome>;
  pendingEdits(): Promise<number>;
  /** Lets go of the local copy's handles. May be called twice. */
  close(): void;
}

/** The server could not be reached; what is kept locally still answers. */
export class HistoryOfflineError extends Error {
  override readonly name = 'HistoryOfflineError';
}

/** The server refused the request for a reason that waiting will not fix (e.g. 401). */
export class HistoryRefusedError extends Error {
  override readonly name = 'HistoryRefusedError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
