import type { SqliteDatabase } from '../database.js';
import type { PhoneNumber, PhoneNumberRepository } from '../store-types.js';

interface PhoneNumberRow {
  e164: string;
  tenant_id: string;
  label: string;
  target_kind: PhoneNumber['target']['kind'];
  target_name: string;
}

export class SqlitePhoneNumberRepository implements PhoneNumberRepository {
  constructor(private readonly db: SqliteDatabase) {}

  upsert(number: PhoneNumber): void {
    this.db
      .prepare(
        `INSERT INTO phone_numbers (e164, tenant_id, label, target_kind, target_name) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (e164) DO UPDATE SET tenant_id = excluded.tenant_id, label = excluded.label,
           target_kind = excluded.target_kind, target_name = excluded.target_name`,
      )
      .run(number.e164, number.tenantId, number.label, number.target.kind, number.target.name);
  }

  find(e164: string): PhoneNumber | null {
    const row = this.db.prepare('SELECT * FROM phone_numbers WHERE e164 = ?').get(e164) as
      PhoneNumberRow | undefined;
    return row ? toPhoneNumber(row) : null;
  }

  list(tenantId: string): PhoneNumber[] {
    return (
      this.db
        .prepare('SELECT * FROM phone_numbers WHERE tenant_id = ? ORDER BY e164')
        .all(tenantId) as PhoneNumberRow[]
    ).map(toPhoneNumber);
  }
}

function toPhoneNumber(row: PhoneNumberRow): PhoneNumber {
  return {
    e164: row.e164,
    tenantId: row.tenant_id,
    label: row.label,
    target: { kind: row.target_kind, name: row.target_name },
  };
}
