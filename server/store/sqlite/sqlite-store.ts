/**
 * The embedded store: one SQLite file, migrated on open, with a repository per aggregate.
 */
import type { Logger } from '../../shared/logger.js';
import { openDatabase, type SqliteDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { migrations } from '../migrations/index.js';
import type { Store } from '../store-types.js';
import { SqliteAgentRepository } from './sqlite-agent-repository.js';
import { SqliteCallRepository } from './sqlite-call-repository.js';
import { SqliteIssuedCredentialRepository } from './sqlite-issued-credential-repository.js';
import { SqlitePhoneNumberRepository } from './sqlite-phone-number-repository.js';
import { SqliteQueueRepository } from './sqlite-queue-repository.js';
import { SqliteTenantRepository } from './sqlite-tenant-repository.js';
import { SqliteTrunkRepository } from './sqlite-trunk-repository.js';

export class SqliteStore implements Store {
  readonly tenants: SqliteTenantRepository;
  readonly agents: SqliteAgentRepository;
  readonly queues: SqliteQueueRepository;
  readonly trunks: SqliteTrunkRepository;
  readonly numbers: SqlitePhoneNumberRepository;
  readonly calls: SqliteCallRepository;
  readonly issuedCredentials: SqliteIssuedCredentialRepository;
  private closed = false;

  private constructor(readonly db: SqliteDatabase) {
    this.tenants = new SqliteTenantRepository(db);
    this.agents = new SqliteAgentRepository(db);
    this.queues = new SqliteQueueRepository(db);
    this.trunks = new SqliteTrunkRepository(db);
    this.numbers = new SqlitePhoneNumberRepository(db);
    this.calls = new SqliteCallRepository(db);
    this.issuedCredentials = new SqliteIssuedCredentialRepository(db);
  }

  /** Opens (creating if needed) and migrates the database file. */
  static open(file: string, logger?: Logger): SqliteStore {
    const db = openDatabase(file);
    try {
      migrate(db, migrations, logger);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteStore(db);
  }

  ping(): void {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
