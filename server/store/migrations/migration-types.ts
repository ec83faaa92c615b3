import type { SqliteDatabase } from '../database.js';

/** One numbered, forward-only schema change. `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: SqliteDatabase): void;
}
