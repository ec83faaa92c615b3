/**
 * Runs the history view for the signed-in agent: opens the history source, shows what it keeps at
 * once, then syncs with the server every few seconds (outbox first, then what changed), and keeps the
 * store's history slice current. When the server does not answer the link is `offline` and everything
 * keeps working from the source's own copy; the next sync that gets through sends the waiting edits.
 */
import type { TandemStore } from '../../store/store.js';
import { historyCsv } from './history-csv.js';
import { fetchRecording } from './recording-fetch.js';
import {
  HistoryOfflineError,
  type HistoryEdit,
  type HistoryFilter,
  type HistorySource,
} from './history-source.js';
import type { HistoryCall } from '../../../server/api/history-api-types.js';

export const HISTORY_PAGE_SIZE = 50;

export interface HistorySession {
  readonly server: string;
  readonly username: string;
  readonly password: string;
}

export interface HistoryServiceDeps {
  readonly store: TandemStore;
  /** Opens the agent's history: the server API with a browser cache, or the desktop's local store. */
  readonly openSource: (session: HistorySession) => Promise<HistorySource>;
  /** How often to sync while signed in. Default 3 s. */
  readonly syncIntervalMs?: number;
  readonly now?: () => number;
  /** Fetches a call's recording from the server (default: `fetchRecording`). */
  readonly loadRecording?: (request: Parameters<typeof fetchRecording>[0]) => Promise<Blob | null>;
  /** Told of failures other than an unreachable server (a refused sign-in, a broken cache). */
  readonly onProblem?: (what: string, error: unknown) => void;
}

export interface HistoryService {
  signedIn(session: HistorySession): Promise<void>;
  signedOut(): void;
  setFilter(change: Partial<HistoryFilter>): void;
  loadMore(): void;
  select(callId: string | null): void;
  saveAnnotation(edit: HistoryEdit): Promise<void>;
  /** Every call of the current filter as CSV. */
  exportCsv(): Promise<string>;
  /** The call's recording from the server; null when there is none; rejects when the server is away. */
  loadRecording(call: HistoryCall): Promise<Blob | null>;
  /** Syncs now (the agent asked, or an edit is waiting); resolves when that sync is over. */
  syncNow(): Promise<void>;
}

export function createHistoryService(deps: HistoryServiceDeps): HistoryService {
  const { store } = deps;
  const actions = () => store.getState().actions.history;
  const history = () => store.getState().history;
  const now = deps.now ?? Date.now;
  const problem = deps.onProblem ?? (() => undefined);
  const interval = deps.syncIntervalMs ?? 3_000;
  let source: HistorySource | null = null;
  let session: HistorySession | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let syncing: Promise<void> | null = null;
  /** Grows at every sign-in and sign-out: answers for an older session are dropped. */
  let generation = 0;

  const current = (expected: number) => (generation === expected ? source : null);

  const load = async (offset: number, limit = HISTORY_PAGE_SIZE) => {
    const open = source;
    if (!open) return;
    const filter = history().filter;
    actions().loadingStarted();
    const page = await open.list(filter, offset, limit);
    if (open === source) actions().pageLoaded(filter, offset, page);
  };

  /** Everything shown, read again from the source: after a sync or an edit. */
  const refreshShown = async () => {
    const open = source;
    if (!open) return;
    await load(0, Math.max(HISTORY_PAGE_SIZE, history().rows.length));
    const [facets, pending] = await Promise.all([open.facets(), open.pendingEdits()]);
    if (open !== source) return;
    actions().facetsLoaded(facets);
    actions().pendingChanged(pending);
    const selectedId = history().selectedId;
    if (selectedId !== null) actions().detailLoaded(await open.get(selectedId));
  };

  const syncOnce = async (expected: number) => {
    const open = current(expected);
    if (!open) return;
    actions().linkChanged('syncing');
    try {
      const replay = await open.replayOutbox();
      actions().replayed(replay.conflicts, replay.rejected);
      await open.sync();
      if (current(expected)) actions().linkChanged('online', now());
    } catch (error) {
      if (current(expected)) actions().linkChanged('offline');
      if (!(error instanceof HistoryOfflineError)) problem('history sync failed', error);
    }
    if (current(expected)) await refreshShown();
  };

  const syncNow = (): Promise<void> => {
    const expected = generation;
    syncing ??= syncOnce(expected)
      .catch((error: unknown) => problem('history refresh failed', error))
      .finally(() => {
        syncing = null;
      });
    return syncing;
  };

  const scheduleNext = (expected: number) => {
    timer = setTimeout(() => {
      if (generation !== expected) return;
      void syncNow().then(() => {
        if (generation === expected) scheduleNext(expected);
      });
    }, interval);
  };

  const stop = () => {
    generation++;
    clearTimeout(timer);
    source?.close();
    source = null;
    session = null;
    syncing = null;
    actions().reset();
  };

  return {
    async signedIn(signedInAs) {
      stop();
      const expected = generation;
      const opened = await deps.openSource(signedInAs);
      if (generation !== expected) {
        opened.close();
        return;
      }
      source = opened;
      session = signedInAs;
      await refreshShown(); // what was kept, before the server answers
      await syncNow();
      scheduleNext(expected);
    },
    signedOut: stop,
    setFilter(change) {
      actions().filterChanged(change);
      void load(0).catch((error: unknown) => problem('history list failed', error));
    },
    loadMore() {
      const { loading, rows, total } = history();
      if (loading || rows.length >= total) return;
      void load(rows.length).catch((error: unknown) => problem('history list failed', error));
    },
    select(callId) {
      actions().selected(callId);
      const open = source;
      if (callId === null || !open) return;
      void open.get(callId).then((row) => {
        if (open === source) actions().detailLoaded(row);
      });
    },
    async saveAnnotation(edit) {
      const open = source;
      if (!open) throw new Error('the history is not open');
      await open.edit(edit);
      await refreshShown();
      void syncNow();
    },
    async exportCsv() {
      const open = source;
      if (!open) return historyCsv([]);
      const filter = history().filter;
      const first = await open.list(filter, 0, HISTORY_PAGE_SIZE);
      const all = first.total > first.rows.length ? await open.list(filter, 0, first.total) : first;
      return historyCsv(all.rows);
    },
    loadRecording(call) {
      if (!session || !call.recordingRef) return Promise.resolve(null);
      return (deps.loadRecording ?? fetchRecording)({ ...session, callId: call.id });
    },
    syncNow,
  };
}
