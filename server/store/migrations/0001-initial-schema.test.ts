import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { initialSchema } from './0001-initial-schema.js';

function freshDatabase() {
  const db = openDatabase(':memory:');
  migrate(db, [initialSchema]);
  db.prepare("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', '2026-01-01')").run();
  return db;
}

const insertAgent = `INSERT INTO agents (id, tenant_id, username, display_name, role, extension, password_hash,
  sip_realm, sip_ha1_md5, sip_ha1_sha256, created_at, updated_at)
  VALUES (?, 't', ?, 'A', ?, ?, 'h', 'r', 'm', 's', 'now', 'now')`;

describe('migration 0001: initial schema', () => {
  it('creates every table of the first schema', () => {
    const tables = (
      freshDatabase().prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'agent_skills',
        'agents',
        'call_events',
        'calls',
        'phone_numbers',
        'queue_supervisors',
        'queues',
        'tenants',
        'trunks',
      ]),
    );
  });

  it('keeps usernames and extensions unique within a tenant', () => {
    const db = freshDatabase();
    db.prepare(insertAgent).run('a1', 'alice', 'agent', '1001');
    expect(() => db.prepare(insertAgent).run('a2', 'alice', 'agent', '1002')).toThrow(/UNIQUE/);
    expect(() => db.prepare(insertAgent).run('a3', 'carol', 'agent', '1001')).toThrow(/UNIQUE/);
  });

  it('refuses impossible values: unknown roles, skill levels outside 1-5, numbers not in E.164', () => {
    const db = freshDatabase();
    expect(() => db.prepare(insertAgent).run('a1', 'x', 'boss', null)).toThrow(/CHECK/);
    db.prepare(insertAgent).run('a2', 'y', 'agent', null);
    expect(() => db.prepare("INSERT INTO agent_skills VALUES ('a2', 'english', 6)").run()).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO phone_numbers (e164, tenant_id, target_kind, target_name) VALUES ('5550100', 't', 'queue', 'q')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('removes an agent’s skills with the agent', () => {
    const db = freshDatabase();
    db.prepare(insertAgent).run('a1', 'alice', 'agent', null);
    db.prepare("INSERT INTO agent_skills VALUES ('a1', 'english', 3)").run();
    db.prepare("DELETE FROM agents WHERE id = 'a1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM agent_skills').get()).toEqual({ n: 0 });
  });
});
