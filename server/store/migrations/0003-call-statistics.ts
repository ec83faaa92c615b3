/**
 * Call records for statistics: reports read a tenant's calls by start time (an index, so that a
 * month's report does not scan every tenant's calls), and each queue call keeps the wrap-up that
 * followed it, so that historical handle time is talk plus wrap-up as in real time.
 */
import type { Migration } from './migration-types.js';

export const callStatistics: Migration = {
  version: 3,
  name: 'call statistics',
  up(db) {
    db.exec(`
      ALTER TABLE calls ADD COLUMN wrap_up_ms INTEGER CHECK (wrap_up_ms IS NULL OR wrap_up_ms >= 0);
      CREATE INDEX calls_by_tenant_start ON calls (tenant_id, started_at);
    `);
  },
};
