import { afterEach, describe, expect, it } from 'vitest';
import { digestHa1 } from '../credentials.js';
import { seedDemoTenant } from '../seed-demo-tenant.js';
import { SqliteStore } from './sqlite-store.js';

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function demoStore(): SqliteStore {
  const store = SqliteStore.open(':memory:');
  stores.push(store);
  seedDemoTenant(store, 'tandem');
  return store;
}

const HOUR = 3600_000;
const t0 = new Date('2026-03-02T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('credentials issued at Microsoft sign-in', () => {
  it('work for the agent APIs and SIP digest until they expire, beside the agent own password', async () => {
    const store = demoStore();
    const alice = store.agents.findByUsername('demo', 'alice')!;
    const issued = store.issuedCredentials.issue(alice.id, 'microsoft', 8 * HOUR, t0);
    expect(issued).toMatchObject({
      agentId: alice.id,
      username: 'alice',
      expiresAt: later(8 * HOUR).toISOString(),
    });
    expect(issued.password).toMatch(/^[A-Za-z0-9_-]{32}$/);

    expect(store.issuedCredentials.verify('alice', issued.password, later(HOUR))).toBe(alice.id);
    expect(store.issuedCredentials.verify('alice', 'demo', later(HOUR))).toBeNull();
    expect(store.issuedCredentials.verify('bob', issued.password, later(HOUR))).toBeNull();
    expect(store.issuedCredentials.sipCredentials('alice', 'tandem', later(HOUR))).toEqual({
      agentId: alice.id,
      username: 'alice',
      realm: 'tandem',
      ha1Md5: digestHa1('MD5', 'alice', 'tandem', issued.password),
      ha1Sha256: digestHa1('SHA-256', 'alice', 'tandem', issued.password),
    });
    expect(store.issuedCredentials.sipCredentials('alice', 'elsewhere', later(HOUR))).toBeNull();
    await expect(store.agents.verifyPassword('demo', 'alice', 'demo')).resolves.toBeTruthy();

    expect(store.issuedCredentials.verify('alice', issued.password, later(8 * HOUR))).toBeNull();
    expect(store.issuedCredentials.sipCredentials('alice', 'tandem', later(8 * HOUR))).toBeNull();
  });

  it('keeps one live credential per agent, ends it at sign-out, and never for a disabled or unknown agent', () => {
    const store = demoStore();
    const alice = store.agents.findByUsername('demo', 'alice')!;
    const first = store.issuedCredentials.issue(alice.id, 'microsoft', HOUR, t0);
    const second = store.issuedCredentials.issue(alice.id, 'microsoft', HOUR, t0);
    expect(second.password).not.toBe(first.password);
    expect(store.issuedCredentials.verify('alice', first.password, t0)).toBeNull();
    expect(store.issuedCredentials.verify('alice', second.password, t0)).toBe(alice.id);
    expect(store.issuedCredentials.revoke(alice.id, t0)).toBe(1);
    expect(store.issuedCredentials.verify('alice', second.password, t0)).toBeNull();
    expect(store.issuedCredentials.revoke(alice.id, t0)).toBe(0);

    expect(() => store.issuedCredentials.issue('no-such-agent', 'microsoft', HOUR, t0)).toThrow(TypeError);
    expect(() => store.issuedCredentials.issue(alice.id, 'microsoft', 0, t0)).toThrow(TypeError);
    const live = store.issuedCredentials.issue(alice.id, 'microsoft', HOUR, t0);
    store.db.prepare('UPDATE agents SET enabled = 0 WHERE id = ?').run(alice.id);
    expect(store.issuedCredentials.verify('alice', live.password, t0)).toBeNull();
    expect(store.issuedCredentials.sipCredentials('alice', 'tandem', t0)).toBeNull();
  });
});
