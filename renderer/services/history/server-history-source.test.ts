import { describe, expect, it } from 'vitest';
import type {
  AnnotationRequest,
  AnnotationResponse,
  HistoryCall,
} from '../../../server/api/history-api-types.js';
import type { HistoryApiClient } from './history-api-client.js';
import { createMemoryHistoryCache } from './history-cache.js';
import { historyCall } from './history-calls.fixture.js';
import { historyCsv } from './history-csv.js';
import { emptyHistoryFilter, HistoryOfflineError, HistoryRefusedError } from './history-source.js';
import { createServerHistorySource } from './server-history-source.js';

/** A server that keeps calls by revision and answers edits the way history-api.ts does (simplified). */
function fakeServer(calls: HistoryCall[]) {
  let revision = Math.max(0, ...calls.map((call) => call.revision));
  const byId = new Map(calls.map((call) => [call.id, call]));
  const sent: AnnotationRequest[] = [];
  const state = { reachable: true };
  const api: HistoryApiClient = {
    changedSince(since, limit) {
      if (!state.reachable) return Promise.reject(new HistoryOfflineError('down'));
      const changed = [...byId.values()]
        .filter((call) => call.revision > since)
        .sort((a, b) => a.revision - b.revision);
      const page = changed.slice(0, limit);
      return Promise.resolve({
        calls: page,
        cursor: page.at(-1)?.revision ?? since,
        remaining: changed.length - page.length,
      });
    },
    annotate(request) {
      if (!state.reachable) return Promise.reject(new HistoryOfflineError('down'));
      sent.push(request);
      const call = byId.get(request.callId);
      if (!call) return Promise.reject(new HistoryRefusedError(404, `no call ${request.callId}`));
      revision++;
      const at = request.editedAt ?? '2026-01-05T09:00:00.000Z';
      const annotation = (value: string) => ({
        value,
        editedAt: at,
        editedBy: 'a-alice',
        editedByName: 'Alice',
        revision,
      });
      const next: HistoryCall = {
        ...call,
        revision,
        ...(request.note === undefined ? {} : { note: annotation(request.note) }),
        ...(request.disposition === undefined ? {} : { disposition: annotation(request.disposition) }),
      };
      byId.set(call.id, next);
      const answer: AnnotationResponse = {
        call: next,
        outcome: { applied: ['note'], conflicts: [], replayed: false },
      };
      return Promise.resolve(answer);
    },
  };
  return {
    api,
    sent,
    state,
    byId,
    bump: (call: HistoryCall) => byId.set(call.id, { ...call, revision: ++revision }),
  };
}

const calls = [
  historyCall('c-1', { revision: 1, startedAt: '2026-01-05T08:00:00.000Z', fromNumber: '+4930111222' }),
  historyCall('c-2', {
    revision: 2,
    startedAt: '2026-01-06T08:00:00.000Z',
    fromNumber: '+442079460000',
    answeredAt: null,
    queueName: 'sales',
    disposition: {
      value: 'callback',
      editedAt: '2026-01-06T09:00:00.000Z',
      editedBy: null,
      editedByName: null,
      revision: 2,
    },
  }),
  historyCall('c-3', {
    revision: 3,
    startedAt: '2026-01-07T08:00:00.000Z',
    direction: 'outbound',
    toNumber: '+15551234',
  }),
];

describe('the browser history source', () => {
  it('syncs page by page, lists newest first, filters and searches as you type', async () => {
    const server = fakeServer(calls);
    const source = await createServerHistorySource({
      api: server.api,
      cache: createMemoryHistoryCache(),
      pageSize: 2,
    });
    expect(await source.sync()).toBe(3);
    const all = await source.list(emptyHistoryFilter, 0, 2);
    expect(all.total).toBe(3);
    expect(all.rows.map((row) => row.call.id)).toEqual(['c-3', 'c-2']);
    expect((await source.list(emptyHistoryFilter, 2, 2)).rows.map((row) => row.call.id)).toEqual(['c-1']);
    const ids = async (change: Partial<typeof emptyHistoryFilter>) =>
      (await source.list({ ...emptyHistoryFilter, ...change }, 0, 10)).rows.map((row) => row.call.id);
    expect(await ids({ text: '+44 20 7946' })).toEqual(['c-2']);
    expect(await ids({ text: 'sal' })).toEqual(['c-2']);
    expect(await ids({ outcome: 'missed' })).toEqual(['c-2']);
    expect(await ids({ direction: 'outbound' })).toEqual(['c-3']);
    expect(await ids({ disposition: 'callback' })).toEqual(['c-2']);
    expect(await ids({ from: '2026-01-06', to: '2026-01-06' })).toEqual(['c-2']);
    expect(await ids({ text: 'nobody' })).toEqual([]);
    expect(await source.facets()).toEqual({ queues: ['sales', 'support'], dispositions: ['callback'] });
    expect(await source.sync()).toBe(0); // incremental: nothing changed since
  });

  it('keeps edits made offline in the outbox, shows them at once, and sends them once the server is back', async () => {
    const server = fakeServer(calls);
    const cache = createMemoryHistoryCache();
    let ids = 0;
    const source = await createServerHistorySource({
      api: server.api,
      cache,
      newId: () => `mutation-${++ids}`,
    });
    await source.sync();
    server.state.reachable = false;
    await expect(source.sync()).rejects.toBeInstanceOf(HistoryOfflineError);
    await source.edit({ callId: 'c-1', note: 'asked for a refund' });
    await source.edit({ callId: 'c-1', disposition: 'refund' });
    expect(await source.get('c-1')).toMatchObject({
      note: 'asked for a refund',
      disposition: 'refund',
      pendingEdits: 2,
    });
    expect((await source.list({ ...emptyHistoryFilter, text: 'refund' }, 0, 10)).total).toBe(1);
    await expect(source.replayOutbox()).rejects.toBeInstanceOf(HistoryOfflineError);
    expect(await source.pendingEdits()).toBe(2);

    // A reload of the page: the cache still has the calls and the outbox.
    const reopened = await createServerHistorySource({ api: server.api, cache });
    expect(await reopened.pendingEdits()).toBe(2);
    expect((await reopened.get('c-1'))?.note).toBe('asked for a refund');

    server.state.reachable = true;
    expect(await reopened.replayOutbox()).toEqual({ delivered: 2, rejected: 0, conflicts: [] });
    expect(server.sent.map((request) => request.mutationId)).toEqual(['mutation-1', 'mutation-2']);
    // The second edit was made on top of the first: it is sent against the revision the first produced.
    expect(server.sent[1]!.baseRevision).toBe(server.byId.get('c-1')!.revision - 1);
    expect(server.byId.get('c-1')).toMatchObject({
      note: { value: 'asked for a refund' },
      disposition: { value: 'refund' },
    });
    expect(await reopened.get('c-1')).toMatchObject({ pendingEdits: 0, note: 'asked for a refund' });
    expect(await reopened.pendingEdits()).toBe(0);
  });

  it('drops an edit the server refuses for good and says so, and refuses bad edits at once', async () => {
    const server = fakeServer(calls);
    const source = await createServerHistorySource({ api: server.api, cache: createMemoryHistoryCache() });
    await source.sync();
    await source.edit({ callId: 'c-1', note: 'x' });
    server.byId.delete('c-1');
    expect(await source.replayOutbox()).toMatchObject({ delivered: 0, rejected: 1 });
    expect(await source.pendingEdits()).toBe(0);
    await expect(source.edit({ callId: 'nope', note: 'x' })).rejects.toThrow(TypeError);
    await expect(source.edit({ callId: 'c-2' })).rejects.toThrow(TypeError);
  });

  it('exports the filter as CSV that spreadsheets do not run', () => {
    const csv = historyCsv([
      { call: historyCall('c-1'), note: 'said "hi", then =SUM(A1)', disposition: '=cmd', pendingEdits: 0 },
    ]);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe(
      'id,startedAt,direction,from,to,queue,agent,outcome,answeredAt,endedAt,talkSeconds,disposition,note',
    );
    expect(line).toBe(
      'c-1,2026-01-05T08:00:00.000Z,inbound,+4930111222,+15550101,support,Alice,answered,2026-01-05T08:00:05.000Z,2026-01-05T08:01:05.000Z,60,\'=cmd,"said ""hi"", then =SUM(A1)"',
    );
  });
});
