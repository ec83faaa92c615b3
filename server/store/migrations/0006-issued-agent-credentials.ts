/**
 * Credentials issued at sign-in (Microsoft sign-in): see `issued-credential-types.ts`. Kept in the
 * database rather than in memory so that a server restart does not sign out every desk.
 */
import type { Migration } from './migration-types.js';

export const issuedAgentCredentials: Migration = {
  version: 6,
  name: 'issued agent credentials',
  up(db) {
    db.exec(`
      CREATE TABLE issued_agent_credentials (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        issuer TEXT NOT NULL CHECK (issuer IN ('microsoft')),
        password_sha256 TEXT NOT NULL,
        sip_ha1_md5 TEXT NOT NULL,
        sip_ha1_sha256 TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX issued_agent_credentials_by_agent ON issued_agent_credentials (agent_id, expires_at);
    `);
  },
};
