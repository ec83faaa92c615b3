import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../database.js';
import type { Trunk, TrunkRepository } from '../store-types.js';

interface TrunkRow {
  id: string;
  tenant_id: string;
  name: string;
  kind: Trunk['kind'];
  allowed_sources: string;
  outbound_uri: string | null;
}

export class SqliteTrunkRepository implements TrunkRepository {
  constructor(private readonly db: SqliteDatabase) {}

  create(trunk: Omit<Trunk, 'id'>): Trunk {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO trunks (id, tenant_id, name, kind, allowed_sources, outbound_uri, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        trunk.tenantId,
        trunk.name,
        trunk.kind,
        JSON.stringify(trunk.allowedSources),
        trunk.outboundUri,
        now,
        now,
      );
    return { ...trunk, id };
  }

  findByName(tenantId: string, name: string): Trunk | null {
    const row = this.db
      .prepare('SELECT * FROM trunks WHERE tenant_id = ? AND name = ?')
      .get(tenantId, name) as TrunkRow | undefined;
    return row ? toTrunk(row) : null;
  }

  list(): Trunk[] {
    return (this.db.prepare('SELECT * FROM trunks ORDER BY tenant_id, name').all() as TrunkRow[]).map(
      toTrunk,
    );
  }
}

function toTrunk(row: TrunkRow): Trunk {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    kind: row.kind,
    allowedSources: JSON.parse(row.allowed_sources) as string[],
    outboundUri: row.outbound_uri,
  };
}
