import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AnnotationRequest,
  AnnotationResponse,
  HistoryCall,
} from '../../server/api/history-api-types.js';
import { DesktopHistory, HistoryUnavailableError } from './desktop-history.node.js';
import { historyDatabaseFile } from './history-database-file.node.js';
import { historyCall } from './history-fixtures.node.js';
import type { HistoryStatus } from './history-status.std.js';

/**
 * A stand-in for the Tandem server's history API on 127.0.0.1 (the real server's sync is tested in
 * history-sync's own tests): pages by revision, annotations with last-writer-wins left out, Basic auth
 * checked, and a switch that makes it answer 503 like a server that is down.
 */
class FakeHistoryServer {
  readonly calls = new Map<string, HistoryCall>();
  readonly annotations: AnnotationRequest[] = [];
  readonly authorizations = new Set<string>();
  down = false;
  #revision = 0;
  #server: Server | null = null;

  add(id: string, overrides: Partial<HistoryCall> = {}): void {
    this.#revision++;
    this.calls.set(id, historyCall(id, this.#revision, overrides));
  }

  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      this.authorizations.add(request.headers.authorization ?? '');
      if (this.down) {
        response.writeHead(503).end('down');
        return;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (request.method === 'GET' && url.pathname === '/api/history/calls') {
        const since = Number(url.searchParams.get('since'));
        const limit = Number(url.searchParams.get('limit'));
        const changed = [...this.calls.values()]
          .filter((call) => call.revision > since)
          .sort((a, b) => a.revision - b.revision);
        const page = changed.slice(0, limit);
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            calls: page,
            cursor: page.at(-1)?.revision ?? since,
            remaining: changed.length - page.length,
          }),
        );
        return;
      }
      if (request.method === 'PUT' && url.pathname === '/api/history/annotations') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const edit = JSON.parse(body) as AnnotationRequest;
          this.annotations.push(edit);
          const known = this.calls.get(edit.callId);
          if (!known) {
            response.writeHead(404).end(JSON.stringify({ error: 'no such call' }));
            return;
          }
          this.#revision++;
          const annotation = (value: string) => ({
            value,
            editedAt: edit.editedAt ?? '',
            editedBy: 'a1',
            editedByName: 'Alice Agent',
            revision: this.#revision,
          });
          const call: HistoryCall = {
            ...known,
            revision: this.#revision,
            ...(edit.note !== undefined ? { note: annotation(edit.note) } : {}),
            ...(edit.disposition !== undefined ? { disposition: annotation(edit.disposition) } : {}),
          };
          this.calls.set(call.id, call);
          const answer: AnnotationResponse = {
            call,
            outcome: { applied: ['note'], conflicts: [], replayed: false },
          };
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        });
        return;
      }
      response.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

let dir: string;
let server: FakeHistoryServer;
let origin: string;
let history: DesktopHistory;
let statuses: HistoryStatus[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-desktop-history-'));
  server = new FakeHistoryServer();
  origin = await server.start();
  statuses = [];
  history = new DesktopHistory({
    userDataDirectory: dir,
    serverOrigin: origin,
    sync: { pageSize: 2, retryMs: 60_000 },
    onStatus: (status) => statuses.push(status),
  });
});

afterEach(async () => {
  await history.close({ wipe: false });
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const alice = { username: 'alice', password: 'demo' };

async function waitFor(wanted: (status: HistoryStatus) => boolean): Promise<HistoryStatus> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = await history.status();
    if (wanted(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the history never got there: ${JSON.stringify(await history.status())}`);
}

const waitForState = (state: HistoryStatus['state']) => waitFor((status) => status.state === state);

describe('the desktop history of the signed-in agent', () => {
  it('is closed before sign-in: reads are refused as unavailable, not crashed on', async () => {
    expect(await history.status()).toMatchObject({ state: 'closed', calls: 0 });
    await expect(history.query({ filter: { text: '' }, offset: 0, limit: 10 })).rejects.toThrow(
      HistoryUnavailableError,
    );
    await history.close({ wipe: true });
  });

  it('downloads the agent’s calls in pages, then lists, searches and opens them from the local file', async () => {
    server.add('c1', { startedAt: '2026-01-05T09:00:00.000Z', fromNumber: '+15550001' });
    server.add('c2', { startedAt: '2026-01-05T10:00:00.000Z', fromNumber: '+4930111222' });
    server.add('c3', { startedAt: '2026-01-05T11:00:00.000Z', queueName: 'billing' });

    const opened = await history.open(alice);
    expect(['idle', 'syncing', 'up-to-date']).toContain(opened.state);
    const status = await waitForState('up-to-date');
    expect(status).toMatchObject({ calls: 3, pendingEdits: 0, lastError: null });
    expect(status.progress).toMatchObject({ initial: true, downloaded: 3, remaining: 0 });
    expect(server.authorizations).toContain(`Basic ${Buffer.from('alice:demo').toString('base64')}`);
    expect(statuses[0]?.state).toBe('opening');
    // Pushed statuses are gathered from the worker after each change: the last one arrives a little later.
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ state: 'up-to-date', calls: 3 }));

    const all = await history.query({ filter: { text: '' }, offset: 0, limit: 2 });
    expect(all.total).toBe(3);
    expect(all.rows.map((row) => row.call.id)).toEqual(['c3', 'c2']);
    const byNumber = await history.query({ filter: { text: '+49 30-111' }, offset: 0, limit: 10 });
    expect(byNumber.rows.map((row) => row.call.id)).toEqual(['c2']);
    expect(await history.facets()).toEqual({ queues: ['billing', 'support'], dispositions: [] });
    expect((await history.get('c1'))?.call.events[0]?.kind).toBe('answered');
    expect(await history.get('unknown')).toBeNull();
  });

  it('keeps a note edited while the server is down, and delivers it when the server is back', async () => {
    server.add('c1');
    await history.open(alice);
    await waitForState('up-to-date');

    server.down = true;
    const edited = await history.edit({ callId: 'c1', note: 'promised a call back' });
    expect(edited).toMatchObject({ note: 'promised a call back', pendingEdits: 1 });
    const offline = await waitFor((status) => status.state === 'offline' && status.lastError !== null);
    expect(offline.pendingEdits).toBe(1);
    expect(offline.lastError).toMatch(/503/);
    const found = await history.query({ filter: { text: 'promised' }, offset: 0, limit: 10 });
    expect(found.rows.map((row) => row.call.id)).toEqual(['c1']);
    expect(server.annotations).toEqual([]);

    server.down = false;
    const report = await history.syncNow();
    expect(report).toMatchObject({ complete: true, delivered: 1, error: null });
    expect(report.status).toMatchObject({ state: 'up-to-date', pendingEdits: 0 });
    expect(server.annotations).toMatchObject([{ callId: 'c1', note: 'promised a call back' }]);
    expect(server.calls.get('c1')?.note?.value).toBe('promised a call back');
  });

  it('gives each agent their own file, and signing out with wipe removes it from the disk', async () => {
    server.add('c1');
    await history.open(alice);
    await waitForState('up-to-date');
    const aliceFile = historyDatabaseFile(dir, origin, 'alice');
    expect(existsSync(aliceFile)).toBe(true);

    await history.open({ username: 'bob', password: 'demo' });
    await waitForState('up-to-date');
    const bobFile = historyDatabaseFile(dir, origin, 'bob');
    expect(bobFile).not.toBe(aliceFile);
    expect(existsSync(aliceFile)).toBe(true);

    await history.close({ wipe: true });
    expect(await history.status()).toMatchObject({ state: 'closed' });
    expect(existsSync(bobFile)).toBe(false);
    expect(existsSync(`${bobFile}-wal`)).toBe(false);
    expect(existsSync(aliceFile)).toBe(true);
    await expect(history.get('c1')).rejects.toThrow(HistoryUnavailableError);
  });

  it('reports a file it cannot open with a clear error and can be opened again afterwards', async () => {
    const broken = new DesktopHistory({
      userDataDirectory: dir,
      serverOrigin: origin,
      openStore: () => Promise.reject(new Error('the history database could not be opened: disk full')),
    });
    await expect(broken.open(alice)).rejects.toThrow(/disk full/);
    expect(broken.phase).toBe('closed');
    await expect(broken.open(alice)).rejects.toThrow(/disk full/);

    server.add('c1');
    await history.open(alice);
    expect((await waitForState('up-to-date')).calls).toBe(1);
  });
});
