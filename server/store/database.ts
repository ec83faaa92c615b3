/**
 * Opens the embedded SQLite database (better-sqlite3) the way Tandem needs it: WAL journal so that
 * readers never block the writer and a crash loses nothing committed, foreign keys enforced, and a
 * busy timeout instead of immediate SQLITE_BUSY errors.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
