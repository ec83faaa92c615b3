/** Issued sign-in credentials in SQLite (table `issued_agent_credentials`, migration 0006). */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { digestHa1 } from '../credentials.js';
import type { SqliteDatabase } from '../database.js';
import type {
  CredentialIssuer,
  IssuedCredential,
  IssuedCredentialRepository,
  IssuedSipCredentials,
} from '../issued-credential-types.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

interface LiveRow {
  agent_id: string;
  username: string;
  sip_realm: string;
  password_sha256: string;
  sip_ha1_md5: string;
  sip_ha1_sha256: string;
}

const LIVE = `SELECT c.agent_id, a.username, a.sip_realm, c.password_sha256, c.sip_ha1_md5, c.sip_ha1_sha256
  FROM issued_agent_credentials c JOIN agents a ON a.id = c.agent_id
  WHERE a.username = ? AND a.enabled = 1 AND c.expires_at > ?`;

export class SqliteIssuedCredentialRepository implements IssuedCredentialRepository {
  constructor(private readonly db: SqliteDatabase) {}

  issue(agentId: string, issuer: CredentialIssuer, lifetimeMs: number, now = new Date()): IssuedCredential {
    if (!(lifetimeMs > 0)) throw new TypeError('a credential needs a positive lifetime');
    const agent = this.db
      .prepare('SELECT username, sip_realm FROM agents WHERE id = ? AND enabled = 1')
      .get(agentId) as { username: string; sip_realm: string } | undefined;
    if (!agent) throw new TypeError(`no enabled agent ${agentId}`);
    const password = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + lifetimeMs).toISOString();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM issued_agent_credentials WHERE agent_id = ?').run(agentId);
      this.db
        .prepare(
          `INSERT INTO issued_agent_credentials
             (id, agent_id, issuer, password_sha256, sip_ha1_md5, sip_ha1_sha256, issued_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          randomUUID(),
          agentId,
          issuer,
          sha256(password).toString('hex'),
          digestHa1('MD5', agent.username, agent.sip_realm, password),
          digestHa1('SHA-256', agent.username, agent.sip_realm, password),
          now.toISOString(),
          expiresAt,
        );
    })();
    return { agentId, username: agent.username, password, expiresAt };
  }

  verify(username: string, password: string, now = new Date()): string | null {
    const presented = sha256(password);
    for (const row of this.live(username, now)) {
      const stored = Buffer.from(row.password_sha256, 'hex');
      if (stored.length === presented.length && timingSafeEqual(stored, presented)) return row.agent_id;
    }
    return null;
  }

  sipCredentials(username: string, realm: string, now = new Date()): IssuedSipCredentials | null {
    const row = this.live(username, now).find((candidate) => candidate.sip_realm === realm);
    return row
      ? {
          agentId: row.agent_id,
          username: row.username,
          realm: row.sip_realm,
          ha1Md5: row.sip_ha1_md5,
          ha1Sha256: row.sip_ha1_sha256,
        }
      : null;
  }

  revoke(agentId: string, now = new Date()): number {
    const live = this.db
      .prepare('DELETE FROM issued_agent_credentials WHERE agent_id = ? AND expires_at > ?')
      .run(agentId, now.toISOString()).changes;
    this.db.prepare('DELETE FROM issued_agent_credentials WHERE agent_id = ?').run(agentId);
    return live;
  }

  private live(username: string, now: Date): LiveRow[] {
    return this.db.prepare(LIVE).all(username, now.toISOString()) as LiveRow[];
  }
}
