/**
 * The browser build's history cache in IndexedDB, one database per server and agent:
 *   calls  (key: call id)      the calls as last received from the server
 *   meta   (key: 'cursor')     the revision to sync from next
 *   outbox (key: mutation id)  edits not yet confirmed by the server
 * It lives in the browser profile of the OS user (not encrypted by us); see renderer/history/README.md.
 */
import type { HistoryCall } from '../../../server/api/history-api-types.js';
import type { CachedHistory, HistoryCache, OutboxItem } from './history-cache.js';

const VERSION = 1;

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** The database's name for one agent on one server. */
export function historyDatabaseName(server: string, agent: string): string {
  return `tandem-history ${server} ${agent}`;
}

export async function openIndexedDbHistoryCache(
  name: string,
  factory: IDBFactory = indexedDB,
): Promise<HistoryCache> {
  const opening = factory.open(name, VERSION);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    if (!db.objectStoreNames.contains('calls')) db.createObjectStore('calls', { keyPath: 'id' });
    if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'mutationId' });
  };
  const db = await requestResult(opening);

  const write = async (stores: string[], work: (transaction: IDBTransaction) => void) => {
    const transaction = db.transaction(stores, 'readwrite');
    const done = transactionDone(transaction);
    work(transaction);
    await done;
  };

  return {
    async load(): Promise<CachedHistory> {
      const transaction = db.transaction(['calls', 'meta', 'outbox'], 'readonly');
      const [calls, cursor, outbox] = await Promise.all([
        requestResult(transaction.objectStore('calls').getAll() as IDBRequest<HistoryCall[]>),
        requestResult(transaction.objectStore('meta').get('cursor') as IDBRequest<unknown>),
        requestResult(transaction.objectStore('outbox').getAll() as IDBRequest<OutboxItem[]>),
      ]);
      return {
        calls,
        cursor: typeof cursor === 'number' ? cursor : 0,
        outbox: outbox.sort((a, b) => a.queuedAt - b.queuedAt),
      };
    },
    saveCalls: (calls, cursor) =>
      write(['calls', 'meta'], (transaction) => {
        const store = transaction.objectStore('calls');
        for (const call of calls) store.put(call);
        transaction.objectStore('meta').put(cursor, 'cursor');
      }),
    addToOutbox: (item) => write(['outbox'], (transaction) => transaction.objectStore('outbox').put(item)),
    removeFromOutbox: (mutationId) =>
      write(['outbox'], (transaction) => transaction.objectStore('outbox').delete(mutationId)),
    close: () => db.close(),
  };
}
