import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { initialSchema } from './0001-initial-schema.js';
import { agentTeamsUser } from './0002-agent-teams-user.js';
import { callStatistics } from './0003-call-statistics.js';
import { callAnnotations } from './0004-call-annotations.js';

const before = [initialSchema, agentTeamsUser, callStatistics];
const insertCall = `INSERT INTO calls (id, tenant_id, direction, from_number, to_number, status, started_at, agent_id, revision)
  VALUES (?, 't', 'inbound', '+1', '+2', 'completed', '2026-01-05T09:00:00.000Z', NULL, ?)`;

describe('migration 0004: call annotations', () => {
  it('keeps existing calls, which start with no note and no disposition', () => {
    const db = openDatabase(':memory:');
    migrate(db, before);
    db.exec("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now')");
    db.prepare(insertCall).run('old', 1);
    migrate(db, [...before, callAnnotations]);
    expect(db.prepare('SELECT id FROM calls').all()).toEqual([{ id: 'old' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM call_annotations').get()).toEqual({ n: 0 });
  });

  it('holds one value per field and call, refuses unknown fields, and drops annotations with their call', () => {
    const db = openDatabase(':memory:');
    migrate(db, [...before, callAnnotations]);
    db.exec("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now')");
    db.prepare(insertCall).run('c1', 1);
    const annotate = db.prepare(
      "INSERT INTO call_annotations (call_id, field, value, edited_at, revision) VALUES ('c1', ?, 'x', 'now', 2)",
    );
    annotate.run('note');
    annotate.run('disposition');
    expect(() => annotate.run('note')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => annotate.run('mood')).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO call_annotation_history (call_id, field, value, edited_at, superseded_at, reason) VALUES ('c1', 'note', 'y', 'a', 'b', 'lost-conflict')",
    ).run();
    db.prepare("DELETE FROM calls WHERE id = 'c1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM call_annotations').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM call_annotation_history').get()).toEqual({ n: 0 });
  });

  it("reads an agent's and a tenant's changes since a revision through an index", () => {
    const db = openDatabase(':memory:');
    migrate(db, [...before, callAnnotations]);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((step) => step.detail)
        .join('\n');
    expect(
      plan("SELECT * FROM calls WHERE agent_id = 'a' AND revision > 5 ORDER BY revision LIMIT 10"),
    ).toMatch(/USING INDEX calls_by_agent_revision/);
    expect(
      plan("SELECT * FROM calls WHERE tenant_id = 't' AND revision > 5 ORDER BY revision LIMIT 10"),
    ).toMatch(/USING INDEX calls_by_tenant_revision/);
  });
});
