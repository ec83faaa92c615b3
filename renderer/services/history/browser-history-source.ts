/**
 * The browser build's way to open an agent's history: the server's API, with the calls and the outbox
 * kept in IndexedDB (in memory when the browser refuses IndexedDB, e.g. some private windows).
 */
import { createHistoryApiClient } from './history-api-client.js';
import { createMemoryHistoryCache, type HistoryCache } from './history-cache.js';
import type { HistorySession } from './history-service.js';
import type { HistorySource } from './history-source.js';
import { historyDatabaseName, openIndexedDbHistoryCache } from './indexeddb-history-cache.js';
import { createServerHistorySource } from './server-history-source.js';

async function openCache(session: HistorySession): Promise<HistoryCache> {
  try {
    return await openIndexedDbHistoryCache(historyDatabaseName(session.server, session.username));
  } catch {
    return createMemoryHistoryCache();
  }
}

export async function openBrowserHistorySource(session: HistorySession): Promise<HistorySource> {
  const api = createHistoryApiClient({
    serverBaseUrl: session.server,
    credentials: { username: session.username, password: session.password },
  });
  return createServerHistorySource({ api, cache: await openCache(session) });
}
