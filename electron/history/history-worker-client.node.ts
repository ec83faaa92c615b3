/**
 * The main process's handle on the history worker: numbered requests, one promise each; every pending
 * request is rejected when the worker closes or dies, and `close()` may be called twice.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  HistoryMethod,
  HistoryWorkerReply,
  HistoryWorkerRequest,
} from './history-worker-protocol.std.js';
import type { HistoryQueries } from './history-queries.node.js';
import type { LocalHistoryStore } from './local-history-store.node.js';

/** What the worker answers: the store's methods and the history view's queries. */
type WorkerMethod<M extends HistoryMethod> = M extends keyof LocalHistoryStore
  ? LocalHistoryStore[M]
  : M extends keyof HistoryQueries
    ? HistoryQueries[M]
    : never;
type Method<M extends HistoryMethod> =
  WorkerMethod<M> extends (...args: infer A) => infer R ? (...args: A) => R : never;

export interface HistoryWorkerOptions {
  /** The worker's entry; by default the built `.js` beside this file, else the `.ts` through tsx (tests, benchmarks). */
  readonly workerUrl?: URL;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Loads the TypeScript worker through tsx, for tests and benchmarks run from the sources. */
const TSX_BOOTSTRAP = `
  const { workerData } = process.getBuiltinModule('node:worker_threads');
  import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.entry); });
`;

function defaultWorker(): { source: URL | string; eval: boolean; entry: string } {
  const built = new URL('./history-worker.node.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { source: built, eval: false, entry: built.href };
  const entry = new URL('./history-worker.node.ts', import.meta.url).href;
  return { source: TSX_BOOTSTRAP, eval: true, entry };
}

export class HistoryWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closing: Promise<void> | null = null;
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: HistoryWorkerReply) => {
      if (reply.kind !== 'reply') return;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else
        waiting.reject(
          Object.assign(
            reply.error.name === 'TypeError'
              ? new TypeError(reply.error.message)
              : new Error(reply.error.message),
            { name: reply.error.name },
          ),
        );
    });
    worker.on('exit', () => {
      this.exited = true;
      this.rejectAll(new Error('the history worker stopped'));
    });
    worker.on('error', (error) => this.rejectAll(error));
  }

  /** Starts the worker and opens (creating and migrating) the database file. */
  static async open(file: string, options: HistoryWorkerOptions = {}): Promise<HistoryWorkerClient> {
    const entry = options.workerUrl
      ? { source: options.workerUrl, eval: false, entry: options.workerUrl.href }
      : defaultWorker();
    const worker = new Worker(entry.source, { eval: entry.eval, workerData: { file, entry: entry.entry } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: HistoryWorkerReply) => {
        if (reply.kind === 'ready') done(null);
        if (reply.kind === 'failed')
          done(new Error(`the history database could not be opened: ${reply.error}`));
      };
      const onError = (error: Error) => done(error);
      const onExit = (code: number) =>
        done(new Error(`the history worker exited (${code}) before it was ready`));
      const done = (error: Error | null) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (error) {
          void worker.terminate();
          reject(error);
        } else resolve();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
    return new HistoryWorkerClient(worker);
  }

  call<M extends HistoryMethod>(method: M, ...args: Parameters<Method<M>>): Promise<ReturnType<Method<M>>> {
    if (this.closing || this.exited) return Promise.reject(new Error('the history database is closed'));
    return this.request(method, args) as Promise<ReturnType<Method<M>>>;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.exited) {
        await this.request('close', []).catch(() => undefined);
        await this.worker.terminate();
      }
      this.rejectAll(new Error('the history database is closed'));
    })();
    return this.closing;
  }

  private request(method: HistoryWorkerRequest['method'], args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args } satisfies HistoryWorkerRequest);
    });
  }

  private rejectAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
