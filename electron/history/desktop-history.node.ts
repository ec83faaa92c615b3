/**
 * The desktop's call history for the signed-in agent, as the IPC handlers use it: opens the agent's own
 * database file in the worker thread, runs the sync engine against the Tandem server, answers the page's
 * reads and edits, pushes a status whenever it changes, and closes (optionally wiping the file) at sign-out.
 *
 * Its life, one step at a time (opening and closing are queued, so a sign-out during an open waits for it):
 *
 *   closed --open(agent)--> opening --database ready--> open --close()--> closing --> closed
 *     ^                       |                          |                             |
 *     +---- failed (error) ---+                          +- open(other agent): close, then open
 *
 * The password given to `open` stays in this process's memory for the sync's requests, never on disk.
 */
import { pathToFileURL } from 'node:url';
import { silentLogger, type Logger } from '../logger.std.js';
import {
  historyDatabaseFile,
  prepareHistoryFolder,
  wipeHistoryDatabase,
} from './history-database-file.node.js';
import type { HistoryEditInput, HistoryOpenInput, HistoryQueryInput } from './history-ipc-contract.std.js';
import type { HistoryFacetValues, HistoryQueryPage } from './history-query-types.std.js';
import { HistoryServerClient } from './history-server-client.node.js';
import { closedHistoryStatus, type HistoryStatus, type HistorySyncReport } from './history-status.std.js';
import { SyncState, type SyncProgress } from './history-sync-state.std.js';
import { HistorySync, type HistorySyncOptions, type SyncPassResult } from './history-sync.node.js';
import type { LocalCall, ReportedConflict } from './history-store-types.std.js';
import { HistoryWorkerClient } from './history-worker-client.node.js';

/** What the page asked for cannot be done now: nobody's history is open (signed out, or still opening). */
export class HistoryUnavailableError extends Error {
  override readonly name = 'HistoryUnavailableError';
}

export type HistoryStoreHandle = Pick<HistoryWorkerClient, 'call' | 'close'>;
export type HistoryServer = Pick<HistoryServerClient, 'page' | 'annotate'>;

export interface DesktopHistoryOptions {
  /** `app.getPath('userData')`. */
  readonly userDataDirectory: string;
  /** The Tandem server the window shows; the history comes from its API. */
  readonly serverOrigin: string;
  /** The built worker (`dist/electron/history-worker.js`); by default the worker client finds its own. */
  readonly workerFile?: string;
  readonly openStore?: (file: string) => Promise<HistoryStoreHandle>;
  readonly createServer?: (credentials: HistoryOpenInput) => HistoryServer;
  readonly sync?: Pick<HistorySyncOptions, 'pageSize' | 'retryMs' | 'maxRetryMs' | 'maxBytes'>;
  /** Called with every new status (the main process forwards it to the page). */
  readonly onStatus?: (status: HistoryStatus) => void;
  readonly now?: () => string;
  readonly logger?: Logger;
}

type Phase = 'closed' | 'opening' | 'open' | 'closing';

interface OpenHistory {
  readonly owner: string;
  readonly file: string;
  readonly store: HistoryStoreHandle;
  readonly sync: HistorySync;
  readonly stopListening: (() => void)[];
  progress: SyncProgress | null;
  lastSyncedAt: string | null;
  lastError: string | null;
}

const ownerOf = (username: string) => username.trim().toLowerCase();

export class DesktopHistory {
  #phase: Phase = 'closed';
  #open: OpenHistory | null = null;
  /** Opening and closing run one after the other, in the order asked. */
  #lifecycle: Promise<unknown> = Promise.resolve();
  #publishing = false;
  #publishAgain = false;
  readonly #options: DesktopHistoryOptions;
  readonly #logger: Logger;
  readonly #now: () => string;

  constructor(options: DesktopHistoryOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? (() => new Date().toISOString());
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Opens the agent's history (or keeps it open) and starts a sync pass; answers once the file is open. */
  open(credentials: HistoryOpenInput): Promise<HistoryStatus> {
    return this.#queue(async () => {
      const owner = ownerOf(credentials.username);
      if (this.#open?.owner === owner) {
        void this.#syncPass(this.#open);
        return this.status();
      }
      if (this.#open) await this.#closeNow(false);
      this.#transition('opening');
      const file = historyDatabaseFile(this.#options.userDataDirectory, this.#options.serverOrigin, owner);
      let store: HistoryStoreHandle;
      try {
        await prepareHistoryFolder(file);
        store = await this.#openStore(file);
      } catch (error) {
        this.#transition('closed');
        this.#logger.error({ err: error }, 'the history database could not be opened');
        throw error;
      }
      const sync = new HistorySync({
        store,
        server: this.#createServer(credentials),
        ...this.#options.sync,
        now: this.#now,
        logger: this.#logger.child({ module: 'history-sync' }),
      });
      const opened: OpenHistory = {
        owner,
        file,
        store,
        sync,
        stopListening: [],
        progress: null,
        lastSyncedAt: null,
        lastError: null,
      };
      opened.stopListening.push(
        sync.on('state', (state) => {
          if (state === SyncState.UpToDate) {
            opened.lastSyncedAt = this.#now();
            opened.lastError = null;
          }
          this.#publish();
        }),
        sync.on('progress', (progress) => {
          opened.progress = progress;
          this.#publish();
        }),
        sync.on('conflicts', () => this.#publish()),
      );
      this.#open = opened;
      this.#transition('open');
      void this.#syncPass(opened);
      return this.status();
    });
  }

  /** Stops syncing and closes the database; `wipe` then deletes the file. Harmless when nothing is open. */
  close(options: { wipe: boolean }): Promise<void> {
    return this.#queue(() => this.#closeNow(options.wipe));
  }

  /** The history view's filtered page, newest first, with the number of matching calls. */
  async query(input: HistoryQueryInput): Promise<HistoryQueryPage> {
    return this.#opened().store.call('query', input.filter, input.offset, input.limit);
  }

  async facets(): Promise<HistoryFacetValues> {
    return this.#opened().store.call('facets');
  }

  async get(callId: string): Promise<LocalCall | null> {
    return this.#opened().store.call('get', callId);
  }

  /** Shown (and searchable) at once; the outbox sends it when the server can be reached. */
  async edit(edit: HistoryEditInput): Promise<LocalCall | null> {
    const opened = this.#opened();
    const wasOffline = opened.sync.state === SyncState.Offline;
    await opened.sync.edit(edit.callId, {
      ...(edit.note !== undefined ? { note: edit.note } : {}),
      ...(edit.disposition !== undefined ? { disposition: edit.disposition } : {}),
    });
    // The engine sends it at once unless it is waiting to retry; join that pass to hear how it went.
    if (!wasOffline) void this.#syncPass(opened);
    this.#publish();
    return opened.store.call('get', edit.callId);
  }

  async conflicts(): Promise<ReportedConflict[]> {
    return this.#opened().store.call('conflicts', true);
  }

  async markConflictsSeen(ids: number[]): Promise<HistoryStatus> {
    await this.#opened().store.call('markConflictsSeen', ids);
    this.#publish();
    return this.status();
  }

  /** One pass now (or the one running); answers when it ended. */
  async syncNow(): Promise<HistorySyncReport> {
    const pass = await this.#syncPass(this.#opened());
    return {
      complete: pass.complete,
      downloaded: pass.downloaded,
      delivered: pass.delivered,
      error: pass.error ?? null,
      status: await this.status(),
    };
  }

  async status(): Promise<HistoryStatus> {
    const opened = this.#open;
    if (this.#phase === 'opening') return { ...closedHistoryStatus, state: 'opening' };
    if (!opened || this.#phase !== 'open') return closedHistoryStatus;
    const [calls, pendingEdits, unseen] = await Promise.all([
      opened.store.call('count'),
      opened.store.call('pendingCount'),
      opened.store.call('conflicts', true),
    ]);
    return {
      state: `${opened.sync.state}`,
      progress: opened.progress,
      calls,
      pendingEdits,
      unseenConflicts: unseen.length,
      lastSyncedAt: opened.lastSyncedAt,
      lastError: opened.lastError,
    };
  }

  async #syncPass(opened: OpenHistory): Promise<SyncPassResult> {
    const result = await opened.sync.syncNow();
    if (result.error !== undefined && result.error !== 'closed') opened.lastError = result.error;
    this.#publish();
    return result;
  }

  async #closeNow(wipe: boolean): Promise<void> {
    const opened = this.#open;
    if (!opened) return;
    this.#transition('closing');
    for (const stop of opened.stopListening) stop();
    opened.sync.close();
    try {
      await opened.store.close();
      if (wipe) {
        await wipeHistoryDatabase(opened.file);
        this.#logger.info({}, "the agent's local history was wiped");
      }
    } finally {
      this.#open = null;
      this.#transition('closed');
    }
  }

  #opened(): OpenHistory {
    if (this.#phase !== 'open' || !this.#open)
      throw new HistoryUnavailableError('The call history is not open: sign in first.');
    return this.#open;
  }

  #queue<Value>(step: () => Promise<Value>): Promise<Value> {
    const next = this.#lifecycle.then(step);
    this.#lifecycle = next.catch(() => undefined);
    return next;
  }

  #transition(to: Phase): void {
    const from = this.#phase;
    const allowed: Record<Phase, readonly Phase[]> = {
      closed: ['opening'],
      opening: ['open', 'closed'],
      open: ['closing'],
      closing: ['closed'],
    };
    if (!allowed[from].includes(to)) {
      this.#logger.warn({ from, to }, 'illegal history transition refused');
      return;
    }
    this.#phase = to;
    this.#logger.debug({ from, to }, 'history');
    this.#publish();
  }

  /** Sends the status out; a change while one is being gathered sends one more, never a pile. */
  #publish(): void {
    const onStatus = this.#options.onStatus;
    if (!onStatus) return;
    if (this.#publishing) {
      this.#publishAgain = true;
      return;
    }
    this.#publishing = true;
    void (async () => {
      do {
        this.#publishAgain = false;
        try {
          onStatus(await this.status());
        } catch (error) {
          this.#logger.debug({ err: error }, 'history status not sent');
        }
      } while (this.#publishAgain);
      this.#publishing = false;
    })();
  }

  #openStore(file: string): Promise<HistoryStoreHandle> {
    if (this.#options.openStore) return this.#options.openStore(file);
    const workerFile = this.#options.workerFile;
    return HistoryWorkerClient.open(file, workerFile ? { workerUrl: pathToFileURL(workerFile) } : {});
  }

  #createServer(credentials: HistoryOpenInput): HistoryServer {
    if (this.#options.createServer) return this.#options.createServer(credentials);
    return new HistoryServerClient({
      baseUrl: new URL(this.#options.serverOrigin).origin,
      username: credentials.username,
      password: credentials.password,
    });
  }
}
