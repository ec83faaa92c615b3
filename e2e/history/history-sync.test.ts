/**
 * The desktop's history sync against a real Tandem server (the built dist/server/main.js): initial
 * download with progress, a crash in the middle and the resume, incremental changes, the server going
 * away while the agent keeps reading, searching and editing, the outbox replayed when it is back, and a
 * conflicting edit resolved by the server and reported to the agent. Run `npm run build:server` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryServerClient } from '../../electron/history/history-server-client.node.js';
import { HistorySync } from '../../electron/history/history-sync.node.js';
import { SyncState, type SyncProgress } from '../../electron/history/history-sync-state.std.js';
import { HistoryWorkerClient } from '../../electron/history/history-worker-client.node.js';
import type { ReportedConflict } from '../../electron/history/history-store-types.std.js';
import type { AnnotationResponse, HistoryCall } from '../../server/api/history-api-types.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { startRestartableTandem, type RestartableTandem } from '../support/desktop/restartable-tandem.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(): Promise<{
  tandem: RestartableTandem;
  serverDb: () => SqliteStore;
  localFile: string;
}> {
  const tandem = await startRestartableTandem();
  cleanups.push(() => tandem.close());
  const dir = mkdtempSync(join(tmpdir(), 'tandem-desktop-history-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  // The test writes call records into the server's own database, as its calls layer would.
  let store: SqliteStore | null = null;
  cleanups.push(() => store?.close());
  const serverDb = () => (store ??= SqliteStore.open(join(tandem.dataDir, 'tandem.db')));
  return { tandem, serverDb, localFile: join(dir, 'history.db') };
}

function addCalls(store: SqliteStore, agent: string, count: number, prefix: string): void {
  const agentId = store.agents.findByUsername('demo', agent)!.id;
  const queueId = store.queues.findByName('demo', 'support')!.id;
  store.db.transaction(() => {
    for (let index = 0; index < count; index++) {
      const id = `${prefix}-${index}`;
      const start = Date.UTC(2026, 0, 5, 8) + index * 60_000;
      store.calls.start({
        id,
        tenantId: 'demo',
        direction: 'inbound',
        fromNumber: `+1555${String(index).padStart(7, '0')}`,
        toNumber: '+15550100',
        startedAt: new Date(start).toISOString(),
      });
      store.calls.appendEvent(id, 'queued', { queue: 'support' }, new Date(start + 1_000).toISOString());
      store.calls.update(id, { queueId, agentId, answeredAt: new Date(start + 5_000).toISOString() });
      store.calls.appendEvent(id, 'answered', { agent }, new Date(start + 5_000).toISOString());
      store.calls.finish(id, {
        endedAt: new Date(start + 50_000).toISOString(),
        endReason: 'caller-hangup',
        hangupBy: 'caller',
      });
    }
  })();
}

async function openSync(localFile: string, server: HistoryServerClient, pageSize = 100) {
  const history = await HistoryWorkerClient.open(localFile);
  const sync = new HistorySync({ store: history, server, pageSize, retryMs: 60_000 });
  cleanups.push(async () => {
    sync.close();
    await history.close();
  });
  return { history, sync };
}

/** Counts the pages the engine asks for, and where each started. */
function countingServer(base: HistoryServerClient) {
  const asked: number[] = [];
  return {
    asked,
    page: (since: number, limit: number) => {
      asked.push(since);
      return base.page(since, limit);
    },
    annotate: base.annotate.bind(base),
  };
}

describe('desktop history sync with a real server', () => {
  it(
    'downloads everything with progress, resumes after a crash without duplicates, then follows changes',
    { timeout: 90_000 },
    async () => {
      const { tandem, serverDb, localFile } = await world();
      addCalls(serverDb(), 'alice', 1200, 'a');
      addCalls(serverDb(), 'bob', 50, 'b');
      const alice = new HistoryServerClient({ baseUrl: tandem.baseUrl, username: 'alice', password: 'demo' });

      // First run: the app dies after three pages were stored.
      const first = await openSync(localFile, alice);
      const progress: SyncProgress[] = [];
      first.sync.on('progress', (step) => {
        progress.push(step);
        if (progress.length === 3) void first.history.close();
      });
      const interrupted = await first.sync.syncNow();
      expect(interrupted.complete).toBe(false);
      expect(first.sync.state).toBe(SyncState.Offline);
      expect(progress.map((step) => step.downloaded)).toEqual([100, 200, 300]);
      expect(progress.every((step) => step.initial)).toBe(true);
      expect(progress[2]!.remaining).toBe(900);
      first.sync.close();

      // Second run on the same file: it starts from the stored cursor, not from zero.
      const counting = countingServer(alice);
      const second = await openSync(localFile, counting as unknown as HistoryServerClient);
      const stored = await second.history.call('count');
      expect(stored).toBeGreaterThanOrEqual(200);
      const resumed = await second.sync.syncNow();
      expect(resumed).toMatchObject({ complete: true });
      expect(counting.asked[0]).toBeGreaterThan(0);
      expect(counting.asked.length).toBeLessThanOrEqual(11);
      expect(await second.history.call('count')).toBe(1200);
      expect(second.sync.state).toBe(SyncState.UpToDate);
      expect((await second.history.call('search', 'b-1', 10)).length).toBe(0);
      const newest = await second.history.call('list', { limit: 1 });
      expect(newest[0]!.id).toBe('a-1199');
      expect((await second.history.call('get', 'a-7'))!.call.events.map((event) => event.kind)).toEqual([
        'queued',
        'answered',
      ]);

      // Later: new calls, and an old call changed on the server.
      addCalls(serverDb(), 'alice', 5, 'n');
      serverDb().calls.update('a-3', { wrapUpMs: 12_000 });
      const later = await second.sync.syncNow();
      expect(later).toMatchObject({ complete: true, downloaded: 6 });
      expect(await second.history.call('count')).toBe(1205);
      expect((await second.history.call('get', 'a-3'))!.call.wrapUpMs).toBe(12_000);
    },
  );

  it(
    'keeps history readable and editable while the server is down, then replays the outbox and reports a conflict',
    { timeout: 90_000 },
    async () => {
      const { tandem, serverDb, localFile } = await world();
      addCalls(serverDb(), 'alice', 20, 'a');
      const alice = new HistoryServerClient({ baseUrl: tandem.baseUrl, username: 'alice', password: 'demo' });
      const sam = new HistoryServerClient({ baseUrl: tandem.baseUrl, username: 'sam', password: 'demo' });
      const { history, sync } = await openSync(localFile, alice);
      expect(await sync.syncNow()).toMatchObject({ complete: true, downloaded: 20 });
      const reported: ReportedConflict[][] = [];
      sync.on('conflicts', (conflicts) => reported.push(conflicts));

      // The server goes away (a restart that takes a few seconds).
      let down = true;
      const restarting = tandem.restart({ downForMs: 3_000 }).then(() => (down = false));
      cleanups.push(() => restarting.then(() => undefined));
      await waitUntil(async () => !(await reachable(tandem.baseUrl)));
      expect(down).toBe(true);
      const offline = await sync.syncNow();
      expect(offline.complete).toBe(false);
      expect(sync.state).toBe(SyncState.Offline);

      // Still reading, searching and editing.
      expect((await history.call('search', '15550000007', 10)).map((item) => item.id)).toEqual(['a-7']);
      await sync.edit('a-7', { note: 'promised a refund by Friday' });
      await sync.edit('a-9', { disposition: 'resolved' });
      expect((await history.call('search', 'refund', 10)).map((item) => item.id)).toEqual(['a-7']);
      expect(await history.call('pendingCount')).toBe(2);

      await restarting;
      // Meanwhile a supervisor set a disposition on a-9, after Alice's offline edit.
      const base = (await history.call('get', 'a-9'))!.call.revision;
      const samEdit = await sam.annotate({
        callId: 'a-9',
        mutationId: 'sam-edit-0001',
        baseRevision: base,
        disposition: 'escalated',
      });
      expect(samEdit.kind).toBe('accepted');

      const back = await sync.syncNow();
      expect(back).toMatchObject({ complete: true, delivered: 2 });
      expect(await history.call('pendingCount')).toBe(0);
      expect(reported.flat()).toEqual([
        expect.objectContaining({
          callId: 'a-9',
          field: 'disposition',
          yours: 'resolved',
          theirs: 'escalated',
          winner: 'theirs',
        }),
      ]);
      // The server has the note, and kept Alice's losing disposition in the call's history.
      const onServer = await fetch(`${tandem.baseUrl}/api/history/call?id=a-7`, {
        headers: { Authorization: `Basic ${Buffer.from('sam:demo').toString('base64')}` },
      });
      expect(((await onServer.json()) as HistoryCall).note?.value).toBe('promised a refund by Friday');
      const a9 = (await history.call('get', 'a-9'))!;
      expect(a9.disposition).toBe('escalated');
      expect(a9.call.annotationHistory).toEqual([
        expect.objectContaining({ field: 'disposition', value: 'resolved', reason: 'lost-conflict' }),
      ]);
      // Replaying an edit the server already has changes nothing (a lost answer, sent again).
      const replay = (await alice.annotate({
        callId: 'a-7',
        mutationId: 'replay-check-01',
        baseRevision: 0,
        note: 'x',
      })) as { kind: 'accepted'; response: AnnotationResponse };
      const again = (await alice.annotate({
        callId: 'a-7',
        mutationId: 'replay-check-01',
        baseRevision: 0,
        note: 'x',
      })) as { kind: 'accepted'; response: AnnotationResponse };
      expect(again.response.outcome.replayed).toBe(true);
      expect(again.response.call.revision).toBe(replay.response.call.revision);
    },
  );
});

async function reachable(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached in time');
}
