/**
 * Applies numbered migrations in order, each in its own transaction, and records them in
 * `schema_migrations`. A database written by a newer Tandem (a version this build does not know)
 * is refused rather than guessed at.
 */
import type { Logger } from '../shared/logger.js';
import type { SqliteDatabase } from './database.js';
import type { Migration } from './migrations/migration-types.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationResult {
  applied: number[];
  currentVersion: number;
}

export function appliedVersions(db: SqliteDatabase): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  return (
    db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]
  ).map((row) => row.version);
}

export function migrate(
  db: SqliteDatabase,
  migrations: readonly Migration[],
  logger?: Logger,
): MigrationResult {
  checkOrdered(migrations);
  const done = new Set(appliedVersions(db));
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...done].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new MigrationError(
      `the database has migration(s) ${unknown.join(', ')} that this Tandem does not know: it was written by a newer version`,
    );
  }

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    const apply = db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    });
    try {
      apply();
    } catch (error) {
      throw new MigrationError(
        `migration ${migration.version} (${migration.name}) failed and was rolled back: ${(error as Error).message}`,
      );
    }
    logger?.info({ version: migration.version, name: migration.name }, 'migration applied');
    applied.push(migration.version);
  }
  return { applied, currentVersion: Math.max(0, ...done, ...applied) };
}

function checkOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `migrations must be numbered 1, 2, 3... without gaps; found ${migration.version} at position ${index + 1}`,
      );
    }
  });
}
