/**
 * Opens the desktop's history database (better-sqlite3): WAL so that a crash loses nothing committed
 * and readers never wait for the sync's writes; incremental auto-vacuum (set before the first table)
 * so that retention can give space back to the disk; migrations by `PRAGMA user_version`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { historyMigrations } from './migrations/index.node.js';
import type { HistoryMigration } from './migrations/history-migration-types.std.js';

export type HistoryDatabase = Database.Database;

export function migrateHistory(db: HistoryDatabase, migrations: readonly HistoryMigration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest)
    throw new Error(`the history database is at version ${current}, newer than this app knows (${newest})`);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function openHistoryDatabase(
  file: string,
  migrations: readonly HistoryMigration[] = historyMigrations,
): HistoryDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrateHistory(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
