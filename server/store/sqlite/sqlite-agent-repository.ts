import type { Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { digestHa1, hashPassword, verifyPassword } from '../credentials.js';
import type { SqliteDatabase } from '../database.js';
import { normalizeTeamsUserId } from '../teams-user-id.js';
import type {
  Agent,
  AgentRepository,
  AgentRole,
  AgentSkill,
  NewAgent,
  SipCredentials,
} from '../store-types.js';

interface AgentRow {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string;
  role: AgentRole;
  extension: string | null;
  teams_user_id: string | null;
  enabled: number;
  password_hash: string;
}

export class SqliteAgentRepository implements AgentRepository {
  private credentialsQuery: Statement | null = null;

  constructor(private readonly db: SqliteDatabase) {}

  create(agent: NewAgent, sipRealm: string): Agent {
    const id = randomUUID();
    const now = new Date().toISOString();
    const insert = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO agents (id, tenant_id, username, display_name, role, extension, password_hash,
             sip_realm, sip_ha1_md5, sip_ha1_sha256, teams_user_id, enabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(
          id,
          agent.tenantId,
          agent.username,
          agent.displayName,
          agent.role,
          agent.extension ?? null,
          hashPassword(agent.password),
          sipRealm,
          digestHa1('MD5', agent.username, sipRealm, agent.password),
          digestHa1('SHA-256', agent.username, sipRealm, agent.password),
          normalizeTeamsUserId(agent.teamsUserId),
          now,
          now,
        );
      const addSkill = this.db.prepare('INSERT INTO agent_skills (agent_id, skill, level) VALUES (?, ?, ?)');
      for (const { skill, level } of agent.skills ?? []) addSkill.run(id, skill, level);
    });
    insert();
    return this.findById(id)!;
  }

  findById(id: string): Agent | null {
    const row = this.db.prepare('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row ? this.toAgent(row) : null;
  }

  findByUsername(tenantId: string, username: string): Agent | null {
    const row = this.db
      .prepare('SELECT * FROM agents WHERE tenant_id = ? AND username = ?')
      .get(tenantId, username) as AgentRow | undefined;
    return row ? this.toAgent(row) : null;
  }

  list(tenantId: string): Agent[] {
    const rows = this.db
      .prepare('SELECT * FROM agents WHERE tenant_id = ? ORDER BY username')
      .all(tenantId) as AgentRow[];
    return rows.map((row) => this.toAgent(row));
  }

  /** Asked on every authenticated REGISTER: the statement is prepared once. */
  sipCredentials(username: string, realm: string): SipCredentials | null {
    this.credentialsQuery ??= this.db.prepare(
      `SELECT id, username, sip_realm, sip_ha1_md5, sip_ha1_sha256 FROM agents
       WHERE username = ? AND sip_realm = ? AND enabled = 1`,
    );
    const row = this.credentialsQuery.get(username, realm) as
      | { id: string; username: string; sip_realm: string; sip_ha1_md5: string; sip_ha1_sha256: string }
      | undefined;
    return row
      ? {
          agentId: row.id,
          username: row.username,
          realm: row.sip_realm,
          ha1Md5: row.sip_ha1_md5,
          ha1Sha256: row.sip_ha1_sha256,
        }
      : null;
  }

  async verifyPassword(tenantId: string, username: string, password: string): Promise<Agent | null> {
    const row = this.db
      .prepare('SELECT * FROM agents WHERE tenant_id = ? AND username = ? AND enabled = 1')
      .get(tenantId, username) as AgentRow | undefined;
    if (!row) return null;
    return (await verifyPassword(password, row.password_hash)) ? this.toAgent(row) : null;
  }

  setPassword(agentId: string, password: string, sipRealm: string): void {
    const row = this.db.prepare('SELECT username FROM agents WHERE id = ?').get(agentId) as
      { username: string } | undefined;
    if (!row) throw new TypeError(`no agent ${agentId}`);
    this.db
      .prepare(
        `UPDATE agents SET password_hash = ?, sip_realm = ?, sip_ha1_md5 = ?, sip_ha1_sha256 = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        hashPassword(password),
        sipRealm,
        digestHa1('MD5', row.username, sipRealm, password),
        digestHa1('SHA-256', row.username, sipRealm, password),
        new Date().toISOString(),
        agentId,
      );
  }

  setTeamsUserId(agentId: string, teamsUserId: string | null): Agent {
    const normalized = normalizeTeamsUserId(teamsUserId);
    const result = this.db
      .prepare('UPDATE agents SET teams_user_id = ?, updated_at = ? WHERE id = ?')
      .run(normalized, new Date().toISOString(), agentId);
    if (result.changes === 0) throw new TypeError(`no agent ${agentId}`);
    return this.findById(agentId)!;
  }

  findByTeamsUserId(tenantId: string, teamsUserId: string): Agent | null {
    const row = this.db
      .prepare('SELECT * FROM agents WHERE tenant_id = ? AND teams_user_id = ? COLLATE NOCASE')
      .get(tenantId, teamsUserId.trim()) as AgentRow | undefined;
    return row ? this.toAgent(row) : null;
  }

  private toAgent(row: AgentRow): Agent {
    const skills = this.db
      .prepare('SELECT skill, level FROM agent_skills WHERE agent_id = ? ORDER BY skill')
      .all(row.id) as AgentSkill[];
    return {
      id: row.id,
      tenantId: row.tenant_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      extension: row.extension,
      skills,
      teamsUserId: row.teams_user_id,
      enabled: row.enabled === 1,
    };
  }
}
