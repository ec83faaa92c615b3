/**
 * The history worker thread: owns the database connection and answers the main process's requests
 * one at a time, so that SQLite never blocks Electron's main thread (Signal Desktop does the same).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openHistoryDatabase, type HistoryDatabase } from './history-database.node.js';
import { HistoryQueries } from './history-queries.node.js';
import {
  HISTORY_METHODS,
  HISTORY_QUERY_METHODS,
  type HistoryWorkerData,
  type HistoryWorkerReply,
  type HistoryWorkerRequest,
} from './history-worker-protocol.std.js';
import { LocalHistoryStore } from './local-history-store.node.js';

const port = parentPort;
if (!port) throw new Error('history-worker runs as a worker thread only');
const send = (reply: HistoryWorkerReply) => port.postMessage(reply);

let db: HistoryDatabase | null = null;
let store: LocalHistoryStore | null = null;
let queries: HistoryQueries | null = null;
try {
  db = openHistoryDatabase((workerData as HistoryWorkerData).file);
  store = new LocalHistoryStore(db);
  queries = new HistoryQueries(db);
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'failed', error: (error as Error).message });
}

port.on('message', (request: HistoryWorkerRequest) => {
  if (request.method === 'close') {
    db?.close();
    db = null;
    store = null;
    queries = null;
    send({ kind: 'reply', id: request.id, ok: true, value: null });
    port.close();
    return;
  }
  try {
    if (!store || !queries) throw new Error('the history database is closed');
    const target = (HISTORY_QUERY_METHODS as readonly string[]).includes(request.method)
      ? queries
      : (HISTORY_METHODS as readonly string[]).includes(request.method)
        ? store
        : null;
    if (!target) throw new TypeError(`unknown history request ${String(request.method)}`);
    const method = (target as unknown as Record<string, (...args: unknown[]) => unknown>)[request.method]!;
    send({ kind: 'reply', id: request.id, ok: true, value: method.apply(target, request.args) });
  } catch (error) {
    const { name, message } = error as Error;
    send({ kind: 'reply', id: request.id, ok: false, error: { name, message } });
  }
});
