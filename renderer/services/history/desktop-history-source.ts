/**
 * The desktop app's history source: the agent's calls in the main process's SQLite store (FTS5 search,
 * its own outbox and sync engine, electron/history), reached through `window.tandem.history`. Every read
 * answers from this computer's file, so the view works with the server away; `sync` and `replayOutbox`
 * ask the main process for a sync pass and reject with `HistoryOfflineError` when it could not finish.
 */
import type { HistoryQueryFilter } from '../../../electron/history/history-query-types.std.js';
import type { LocalCall } from '../../../electron/history/history-store-types.std.js';
import type { HistorySyncReport } from '../../../electron/history/history-status.std.js';
import type { IpcError } from '../../../electron/ipc-contract.std.js';
import type { Result } from '../../../electron/result.std.js';
import type { TandemBridge } from '../../../electron/tandem-bridge.std.js';
import type { HistorySession } from './history-service.js';
import {
  HistoryOfflineError,
  type HistoryFilter,
  type HistoryRow,
  type HistorySource,
} from './history-source.js';

/** The bridge answers at most this many calls at once (`history-ipc-contract.std.ts`). */
const BRIDGE_PAGE_MAX = 500;

/** A failure of the bridge itself (an invalid request, the history not open), with its code. */
export class DesktopHistoryError extends Error {
  override readonly name = 'DesktopHistoryError';

  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
  }
}

function valueOf<Value>(result: Result<Value, IpcError>): Value {
  if (!result.ok) throw new DesktopHistoryError(result.error.code, result.error.message);
  return result.value;
}

/** `YYYY-MM-DD` in the agent's time zone -> the instant that day starts there, `days` later. */
function localDayStart(day: string, days = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

export function toQueryFilter(filter: HistoryFilter): HistoryQueryFilter {
  const startedFrom = filter.from === '' ? undefined : localDayStart(filter.from);
  // `to` is the last day shown: calls before the start of the day after it.
  const startedBefore = filter.to === '' ? undefined : localDayStart(filter.to, 1);
  return {
    text: filter.text,
    ...(startedFrom === undefined ? {} : { startedFrom }),
    ...(startedBefore === undefined ? {} : { startedBefore }),
    ...(filter.direction === '' ? {} : { direction: filter.direction }),
    ...(filter.queue === '' ? {} : { queue: filter.queue }),
    ...(filter.outcome === '' ? {} : { outcome: filter.outcome }),
    ...(filter.disposition === '' ? {} : { disposition: filter.disposition }),
  };
}

function rowOf(local: LocalCall): HistoryRow {
  return {
    call: local.call,
    note: local.note ?? '',
    disposition: local.disposition ?? '',
    pendingEdits: local.pendingEdits,
  };
}

export function createDesktopHistorySource(history: TandemBridge['history']): HistorySource {
  /**
   * The history service asks `replayOutbox` and then `sync` each round; one pass of the main process's
   * engine does both (outbox first, then every change), so `sync` takes the pass `replayOutbox` just ran.
   */
  let passNotYetReported: HistorySyncReport | null = null;
  let closed = false;

  const pass = async (): Promise<HistorySyncReport> => {
    const report = valueOf(await history.syncNow());
    if (!report.complete) throw new HistoryOfflineError(report.error ?? 'the server could not be reached');
    return report;
  };

  return {
    async list(filter, offset, limit) {
      const query = toQueryFilter(filter);
      const rows: HistoryRow[] = [];
      let total = 0;
      while (rows.length < limit) {
        const page = valueOf(
          await history.query({
            filter: query,
            offset: offset + rows.length,
            limit: Math.min(BRIDGE_PAGE_MAX, limit - rows.length),
          }),
        );
        total = page.total;
        rows.push(...page.rows.map(rowOf));
        if (page.rows.length === 0 || offset + rows.length >= total) break;
      }
      return { rows, total };
    },
    async get(callId) {
      const local = valueOf(await history.get(callId));
      return local === null ? null : rowOf(local);
    },
    async facets() {
      return valueOf(await history.facets());
    },
    async sync() {
      const report = passNotYetReported ?? (await pass());
      passNotYetReported = null;
      return report.downloaded;
    },
    async edit(edit) {
      valueOf(await history.edit(edit));
    },
    async replayOutbox() {
      passNotYetReported = null;
      const report = await pass();
      passNotYetReported = report;
      const unseen = valueOf(await history.conflicts());
      if (unseen.length > 0) valueOf(await history.markConflictsSeen(unseen.map((conflict) => conflict.id)));
      return {
        delivered: report.delivered,
        // The engine keeps refused edits aside and logs them; the count is not reported across IPC.
        rejected: 0,
        conflicts: unseen.map(({ callId, field, yours, theirs, theirsEditedAt, theirsEditedBy, winner }) => ({
          callId,
          field,
          yours,
          theirs,
          theirsEditedAt,
          theirsEditedBy,
          winner,
        })),
      };
    },
    async pendingEdits() {
      return valueOf(await history.status()).pendingEdits;
    },
    close() {
      if (closed) return;
      closed = true;
      void history.close({ wipe: false });
    },
  };
}

/** `openSource` for the history service in the desktop app: opens the agent's local history first. */
export function openDesktopHistorySource(
  history: TandemBridge['history'],
): (session: HistorySession) => Promise<HistorySource> {
  return async (session) => {
    valueOf(await history.open({ username: session.username, password: session.password }));
    return createDesktopHistorySource(history);
  };
}
