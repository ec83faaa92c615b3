import { describe, expect, it } from 'vitest';
import { openDatabase } from '../database.js';
import { migrate } from '../migrator.js';
import { migrations } from './index.js';
import { issuedAgentCredentials } from './0006-issued-agent-credentials.js';

describe('migration 0006: issued agent credentials', () => {
  it('adds an empty table whose rows go with their agent and name a known issuer', () => {
    const before = migrations.filter((migration) => migration.version < 6);
    const db = openDatabase(':memory:');
    migrate(db, before);
    db.exec(`INSERT INTO tenants (id, name, created_at) VALUES ('t', 'T', 'now');
      INSERT INTO agents (id, tenant_id, username, display_name, role, password_hash, sip_realm, sip_ha1_md5,
        sip_ha1_sha256, created_at, updated_at) VALUES ('a', 't', 'alice', 'Alice', 'agent', 'x', 'r', 'm', 's', 'now', 'now')`);
    migrate(db, [...before, issuedAgentCredentials]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM issued_agent_credentials').get()).toEqual({ n: 0 });
    const insert = db.prepare(
      `INSERT INTO issued_agent_credentials (id, agent_id, issuer, password_sha256, sip_ha1_md5, sip_ha1_sha256,
        issued_at, expires_at) VALUES (?, 'a', ?, 'p', 'm', 's', 'now', 'later')`,
    );
    insert.run('c1', 'microsoft');
    expect(() => insert.run('c2', 'google')).toThrow(/CHECK/);
    db.prepare("DELETE FROM agents WHERE id = 'a'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM issued_agent_credentials').get()).toEqual({ n: 0 });
  });
});
