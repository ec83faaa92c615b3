/** Every migration of the desktop's history database, in order. Add `NNNN-name.node.ts` with its test, then list it. */
import { localCalls } from './0001-local-calls.node.js';
import { callSearch } from './0002-call-search.node.js';
import { outbox } from './0003-outbox.node.js';
import type { HistoryMigration } from './history-migration-types.std.js';

export const historyMigrations: readonly HistoryMigration[] = [localCalls, callSearch, outbox];
