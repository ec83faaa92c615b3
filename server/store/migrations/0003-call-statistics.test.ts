import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { initialSchema } from './0001-initial-schema.js';
import { agentTeamsUser } from './0002-agent-teams-user.js';
import { callStatistics } from './0003-call-statistics.js';

const insertCall = `INSERT INTO calls (id, tenant_id, direction, from_number, to_number, status, started_at, revision)
  VALUES (?, 't', 'inbound', '+1', '+2', 'completed', ?, 1)`;

describe('migration 0003: call statistics', () => {
  it('keeps existing calls, with no wrap-up known, and refuses a negative wrap-up', () => {
    const db = openDatabase(':memory:');
    migrate(db, [initialSchema, agentTeamsUser]);
    db.exec("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now')");
    db.prepare(insertCall).run('old', '2026-01-05T09:00:00.000Z');
    migrate(db, [initialSchema, agentTeamsUser, callStatistics]);
    expect(db.prepare('SELECT id, wrap_up_ms FROM calls').all()).toEqual([{ id: 'old', wrap_up_ms: null }]);
    db.prepare("UPDATE calls SET wrap_up_ms = 15000 WHERE id = 'old'").run();
    expect(() => db.prepare("UPDATE calls SET wrap_up_ms = -1 WHERE id = 'old'").run()).toThrow(/CHECK/);
  });

  it("reads a tenant's calls by start time through the index", () => {
    const db = openDatabase(':memory:');
    migrate(db, [initialSchema, agentTeamsUser, callStatistics]);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM calls WHERE tenant_id = 't' AND started_at >= 'a' AND started_at < 'b' ORDER BY started_at",
      )
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX calls_by_tenant_start/);
  });
});
