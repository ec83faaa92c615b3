import type { SqliteDatabase } from '../database.js';
import type { Tenant, TenantRepository } from '../store-types.js';

export class SqliteTenantRepository implements TenantRepository {
  constructor(private readonly db: SqliteDatabase) {}

  ensure(tenant: Tenant): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES (?, ?, ?)')
      .run(tenant.id, tenant.name, new Date().toISOString());
    return result.changes > 0;
  }

  list(): Tenant[] {
    return this.db.prepare('SELECT id, name FROM tenants ORDER BY id').all() as Tenant[];
  }
}
