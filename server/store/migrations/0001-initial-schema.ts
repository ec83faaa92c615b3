/**
 * The first schema: tenants, agents with their skills, queues, trunks, phone numbers, and call
 * records with their events. Credentials are never stored in plain text: the API password as
 * scrypt, SIP digest as HA1 hashes (RFC 2617 MD5 and RFC 8760 SHA-256) bound to the realm.
 */
import type { Migration } from './migration-types.js';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        username TEXT NOT NULL,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
        extension TEXT,
        password_hash TEXT NOT NULL,
        sip_realm TEXT NOT NULL,
        sip_ha1_md5 TEXT NOT NULL,
        sip_ha1_sha256 TEXT NOT NULL,
        teams_user_id TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (tenant_id, username),
        UNIQUE (tenant_id, extension)
      );

      CREATE TABLE agent_skills (
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        skill TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        PRIMARY KEY (agent_id, skill)
      );

      CREATE TABLE queues (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        strategy TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        required_skills TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (tenant_id, name)
      );

      CREATE TABLE queue_supervisors (
        queue_id TEXT NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
        agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        PRIMARY KEY (queue_id, agent_id)
      );

      CREATE TABLE trunks (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pstn', 'teams')),
        allowed_sources TEXT NOT NULL DEFAULT '[]',
        outbound_uri TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (tenant_id, name)
      );

      CREATE TABLE phone_numbers (
        e164 TEXT PRIMARY KEY CHECK (e164 GLOB '+[0-9]*'),
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '',
        target_kind TEXT NOT NULL CHECK (target_kind IN ('queue', 'flow', 'agent')),
        target_name TEXT NOT NULL
      );

      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
        from_number TEXT NOT NULL,
        to_number TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'unfinished')),
        started_at TEXT NOT NULL,
        answered_at TEXT,
        ended_at TEXT,
        end_reason TEXT,
        hangup_by TEXT,
        queue_id TEXT REFERENCES queues(id) ON DELETE SET NULL,
        agent_id TEXT REFERENCES agents(id) ON DELETE SET NULL,
        recording_ref TEXT,
        revision INTEGER NOT NULL
      );
      CREATE INDEX calls_by_agent ON calls (agent_id, started_at);
      CREATE INDEX calls_by_revision ON calls (revision);
      CREATE INDEX calls_by_status ON calls (status);

      CREATE TABLE call_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX call_events_by_call ON call_events (call_id, id);
    `);
  },
};
