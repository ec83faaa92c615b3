import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { initialSchema } from './0001-initial-schema.js';
import { agentTeamsUser } from './0002-agent-teams-user.js';

const insertAgent = `INSERT INTO agents (id, tenant_id, username, display_name, role, password_hash,
  sip_realm, sip_ha1_md5, sip_ha1_sha256, teams_user_id, created_at, updated_at)
  VALUES (?, ?, ?, 'A', 'agent', 'h', 'r', 'm', 's', ?, 'now', 'now')`;

function databaseAtVersion1() {
  const db = openDatabase(':memory:');
  migrate(db, [initialSchema]);
  db.exec("INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now'), ('u', 'U', 'now')");
  return db;
}

describe('migration 0002: agent teams user link', () => {
  it('cleans existing values: blanks become NULL, spaces are trimmed', () => {
    const db = databaseAtVersion1();
    db.prepare(insertAgent).run('a1', 't', 'alice', '  alice@contoso.example ');
    db.prepare(insertAgent).run('a2', 't', 'bob', '   ');
    migrate(db, [initialSchema, agentTeamsUser]);
    expect(db.prepare('SELECT id, teams_user_id FROM agents ORDER BY id').all()).toEqual([
      { id: 'a1', teams_user_id: 'alice@contoso.example' },
      { id: 'a2', teams_user_id: null },
    ]);
  });

  it('links one Teams user to one agent per tenant, without regard to case', () => {
    const db = databaseAtVersion1();
    migrate(db, [initialSchema, agentTeamsUser]);
    db.prepare(insertAgent).run('a1', 't', 'alice', 'Alice@Contoso.example');
    expect(() => db.prepare(insertAgent).run('a2', 't', 'bob', 'alice@contoso.example')).toThrow(/UNIQUE/);
    db.prepare(insertAgent).run('a3', 'u', 'alice', 'alice@contoso.example');
    db.prepare(insertAgent).run('a4', 't', 'carol', null);
    db.prepare(insertAgent).run('a5', 't', 'dave', null);
    expect(db.prepare('SELECT COUNT(*) AS n FROM agents').get()).toEqual({ n: 4 });
  });

  it('fails, and is rolled back, where two agents of a tenant already share a Teams user', () => {
    const db = databaseAtVersion1();
    db.prepare(insertAgent).run('a1', 't', 'alice', 'same@contoso.example');
    db.prepare(insertAgent).run('a2', 't', 'bob', 'SAME@contoso.example');
    expect(() => migrate(db, [initialSchema, agentTeamsUser])).toThrow(/migration 2 .* rolled back/);
    expect(db.prepare("SELECT teams_user_id FROM agents WHERE id = 'a1'").get()).toEqual({
      teams_user_id: 'same@contoso.example',
    });
  });
});
