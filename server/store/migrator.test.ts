import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { appliedVersions, migrate, MigrationError } from './migrator.js';
import { migrations } from './migrations/index.js';
import type { Migration } from './migrations/migration-types.js';

const createTable = (version: number, table: string): Migration => ({
  version,
  name: `create ${table}`,
  up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`),
});

describe('migrator', () => {
  it('applies migrations in order once, and nothing on a second run', () => {
    const db = openDatabase(':memory:');
    const list = [createTable(1, 'a'), createTable(2, 'b')];
    expect(migrate(db, list)).toEqual({ applied: [1, 2], currentVersion: 2 });
    expect(migrate(db, list)).toEqual({ applied: [], currentVersion: 2 });
    expect(appliedVersions(db)).toEqual([1, 2]);
  });

  it('applies only the new migrations to an older database', () => {
    const db = openDatabase(':memory:');
    migrate(db, [createTable(1, 'a')]);
    expect(migrate(db, [createTable(1, 'a'), createTable(2, 'b')]).applied).toEqual([2]);
  });

  it('rolls back a failing migration completely and reports which one failed', () => {
    const db = openDatabase(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'half done',
      up: (database) => {
        database.exec('CREATE TABLE c (id INTEGER)');
        database.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    expect(() => migrate(db, [createTable(1, 'a'), broken])).toThrow(
      /migration 2 \(half done\) failed and was rolled back/,
    );
    expect(appliedVersions(db)).toEqual([1]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
  });

  it('refuses a database written by a newer Tandem', () => {
    const db = openDatabase(':memory:');
    migrate(db, [createTable(1, 'a'), createTable(2, 'b')]);
    expect(() => migrate(db, [createTable(1, 'a')])).toThrow(MigrationError);
    expect(() => migrate(db, [createTable(1, 'a')])).toThrow(/written by a newer version/);
  });

  it('refuses a list with gaps', () => {
    expect(() => migrate(openDatabase(':memory:'), [createTable(1, 'a'), createTable(3, 'c')])).toThrow(
      /without gaps/,
    );
  });

  it("numbers the product's migrations 1, 2, 3...", () => {
    migrations.forEach((migration, index) => expect(migration.version).toBe(index + 1));
  });
});
