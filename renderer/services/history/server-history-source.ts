/**
 * The browser build's history source: the calls received from the server's history API, kept in memory
 * and in a cache (IndexedDB) so the view opens and searches with the server away; edits kept in an
 * outbox and sent, oldest first, when the server answers again.
 */
import type { HistoryCall } from '../../../server/api/history-api-types.js';
import type { HistoryApiClient } from './history-api-client.js';
import type { HistoryCache, OutboxItem } from './history-cache.js';
import { matchesFilter, newestFirst } from './history-filter.js';
import {
  HistoryRefusedError,
  type CallConflict,
  type HistoryRow,
  type HistorySource,
  type ReplayOutcome,
} from './history-source.js';

export interface ServerHistorySourceOptions {
  readonly api: HistoryApiClient;
  readonly cache: HistoryCache;
  /** A fresh mutation id per edit. */
  readonly newId?: () => string;
  readonly now?: () => Date;
  readonly pageSize?: number;
}

export async function createServerHistorySource(options: ServerHistorySourceOptions): Promise<HistorySource> {
  const { api, cache } = options;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? 500;
  const kept = await cache.load();
  const calls = new Map<string, HistoryCall>(kept.calls.map((call) => [call.id, call]));
  let cursor = kept.cursor;
  const outbox: OutboxItem[] = [...kept.outbox];

  /** The call with the agent's waiting edits laid over it, the latest edit of each field winning. */
  const rowOf = (call: HistoryCall): HistoryRow => {
    let note = call.note?.value ?? '';
    let disposition = call.disposition?.value ?? '';
    let pendingEdits = 0;
    for (const item of outbox) {
      if (item.callId !== call.id) continue;
      pendingEdits++;
      if (item.note !== undefined) note = item.note;
      if (item.disposition !== undefined) disposition = item.disposition;
    }
    return { call, note, disposition, pendingEdits };
  };

  const receive = async (received: readonly HistoryCall[], next: number) => {
    for (const call of received) {
      const known = calls.get(call.id);
      if (!known || known.revision <= call.revision) calls.set(call.id, call);
    }
    cursor = Math.max(cursor, next);
    await cache.saveCalls(received, cursor);
  };

  return {
    list(filter, offset, limit) {
      const matching = [...calls.values()].map(rowOf).filter((row) => matchesFilter(row, filter));
      matching.sort(newestFirst);
      return Promise.resolve({ rows: matching.slice(offset, offset + limit), total: matching.length });
    },
    get(callId) {
      const call = calls.get(callId);
      return Promise.resolve(call ? rowOf(call) : null);
    },
    facets() {
      const queues = new Set<string>();
      const dispositions = new Set<string>();
      for (const call of calls.values()) {
        const row = rowOf(call);
        if (call.queueName) queues.add(call.queueName);
        if (row.disposition) dispositions.add(row.disposition);
      }
      const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
      return Promise.resolve({ queues: sorted(queues), dispositions: sorted(dispositions) });
    },
    async sync() {
      let received = 0;
      for (;;) {
        const page = await api.changedSince(cursor, pageSize);
        await receive(page.calls, page.cursor);
        received += page.calls.length;
        if (page.remaining === 0 || page.calls.length === 0) return received;
      }
    },
    async edit(edit) {
      const call = calls.get(edit.callId);
      if (!call) throw new TypeError(`no call ${edit.callId} in the history`);
      if (edit.note === undefined && edit.disposition === undefined)
        throw new TypeError('an edit needs a note or a disposition');
      const item: OutboxItem = {
        mutationId: newId(),
        callId: edit.callId,
        baseRevision: call.revision,
        editedAt: now().toISOString(),
        ...(edit.note === undefined ? {} : { note: edit.note }),
        ...(edit.disposition === undefined ? {} : { disposition: edit.disposition }),
        queuedAt: now().getTime(),
      };
      await cache.addToOutbox(item);
      outbox.push(item);
    },
    async replayOutbox(): Promise<ReplayOutcome> {
      let delivered = 0;
      let rejected = 0;
      const conflicts: CallConflict[] = [];
      // A second edit of a call queued behind the first was made on top of it, not against it.
      const deliveredAt = new Map<string, number>();
      while (outbox.length > 0) {
        const item = outbox[0]!;
        try {
          const answer = await api.annotate({
            callId: item.callId,
            mutationId: item.mutationId,
            baseRevision: Math.max(item.baseRevision, deliveredAt.get(item.callId) ?? 0),
            editedAt: item.editedAt,
            ...(item.note === undefined ? {} : { note: item.note }),
            ...(item.disposition === undefined ? {} : { disposition: item.disposition }),
          });
          await receive([answer.call], cursor);
          deliveredAt.set(item.callId, answer.call.revision);
          for (const conflict of answer.outcome.conflicts)
            conflicts.push({ ...conflict, callId: item.callId });
          delivered++;
        } catch (error) {
          // Offline: keep it for the next time. Refused for good (400, 404, 409): drop it, say so.
          if (!(error instanceof HistoryRefusedError) || error.status === 401 || error.status === 0)
            throw error;
          rejected++;
        }
        await cache.removeFromOutbox(item.mutationId);
        outbox.shift();
      }
      return { delivered, rejected, conflicts };
    },
    pendingEdits: () => Promise.resolve(outbox.length),
    close: () => cache.close(),
  };
}
