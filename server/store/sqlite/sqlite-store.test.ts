import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestHa1 } from '../credentials.js';
import { DEMO, seedDemoTenant } from '../seed-demo-tenant.js';
import { SqliteStore } from './sqlite-store.js';

const open: SqliteStore[] = [];
function storeFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'tandem-store-')), 'tandem.db');
}
function openStore(file = storeFile()): SqliteStore {
  const store = SqliteStore.open(file);
  open.push(store);
  return store;
}
afterEach(() => open.splice(0).forEach((store) => store.close()));

describe('the embedded store', () => {
  it('uses WAL so that a crash loses nothing committed', () => {
    expect(openStore().db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('seeds the demo tenant once, with hashed credentials and the documented numbers', () => {
    const file = storeFile();
    const store = openStore(file);
    expect(seedDemoTenant(store, 'tandem')).toBe(true);
    expect(seedDemoTenant(store, 'tandem')).toBe(false);

    const agents = store.agents.list('demo');
    expect(agents.map((agent) => [agent.username, agent.role, agent.extension])).toEqual([
      ['alice', 'agent', '1001'],
      ['bob', 'agent', '1002'],
      ['sam', 'supervisor', '1009'],
    ]);
    expect(agents[0]!.skills).toEqual([{ skill: 'english', level: 3 }]);
    expect(store.queues.list('demo').map((queue) => queue.name)).toEqual(['sales', 'support']);
    expect(store.queues.findByName('demo', 'support')!.supervisorIds).toEqual([agents[2]!.id]);
    expect(store.numbers.find(DEMO.supportNumber)!.target).toEqual({ kind: 'queue', name: 'support' });
    expect(store.numbers.find(DEMO.mainNumber)).not.toBeNull();
    expect(store.trunks.findByName('demo', 'pstn')!.allowedSources).toEqual(['127.0.0.1/32']);

    const raw = store.db.prepare('SELECT password_hash, sip_ha1_md5 FROM agents').all() as {
      password_hash: string;
      sip_ha1_md5: string;
    }[];
    for (const row of raw) {
      expect(row.password_hash).not.toContain('demo');
      expect(row.password_hash).toMatch(/^scrypt\$/);
    }
    expect(store.agents.sipCredentials('alice', 'tandem')).toMatchObject({
      username: 'alice',
      ha1Md5: digestHa1('MD5', 'alice', 'tandem', 'demo'),
      ha1Sha256: digestHa1('SHA-256', 'alice', 'tandem', 'demo'),
    });
    expect(store.agents.sipCredentials('alice', 'other-realm')).toBeNull();
  });

  it('checks API passwords without telling an unknown agent from a wrong password', async () => {
    const store = openStore();
    seedDemoTenant(store, 'tandem');
    expect((await store.agents.verifyPassword('demo', 'alice', 'demo'))?.username).toBe('alice');
    expect(await store.agents.verifyPassword('demo', 'alice', 'wrong')).toBeNull();
    expect(await store.agents.verifyPassword('demo', 'mallory', 'demo')).toBeNull();
  });

  it('changes a password for the API and for SIP digest together', async () => {
    const store = openStore();
    seedDemoTenant(store, 'tandem');
    const alice = store.agents.findByUsername('demo', 'alice')!;
    store.agents.setPassword(alice.id, 'n3w-secret', 'tandem');
    expect(await store.agents.verifyPassword('demo', 'alice', 'demo')).toBeNull();
    expect(await store.agents.verifyPassword('demo', 'alice', 'n3w-secret')).not.toBeNull();
    expect(store.agents.sipCredentials('alice', 'tandem')!.ha1Md5).toBe(
      digestHa1('MD5', 'alice', 'tandem', 'n3w-secret'),
    );
  });

  it('keeps a call record from its start, and marks it unfinished when the server stopped mid-call', () => {
    const file = storeFile();
    const store = openStore(file);
    seedDemoTenant(store, 'tandem');
    const started = store.calls.start({
      id: 'call-1',
      tenantId: 'demo',
      direction: 'inbound',
      fromNumber: '+4930123',
      toNumber: DEMO.supportNumber,
      startedAt: '2026-11-24T10:00:00.000Z',
    });
    expect(started.status).toBe('active');
    store.calls.appendEvent('call-1', 'queued', { queue: 'support' });
    store.close();

    const reopened = openStore(file);
    expect(reopened.calls.markInterruptedCalls('2026-11-24T10:05:00.000Z')).toBe(1);
    const record = reopened.calls.find('call-1')!;
    expect(record).toMatchObject({ status: 'unfinished', endReason: 'server-restart' });
    expect(reopened.calls.events('call-1').map((event) => event.kind)).toEqual(['queued', 'interrupted']);
    expect(reopened.calls.markInterruptedCalls('2026-11-24T10:06:00.000Z')).toBe(0);
  });

  it('gives every change a higher revision, for "changes since" sync', () => {
    const store = openStore();
    seedDemoTenant(store, 'tandem');
    const base = {
      tenantId: 'demo',
      direction: 'inbound' as const,
      fromNumber: '+1',
      toNumber: '+2',
      startedAt: 'x',
    };
    const first = store.calls.start({ ...base, id: 'a' });
    const second = store.calls.start({ ...base, id: 'b' });
    const answered = store.calls.update('a', { answeredAt: '2026-11-24T10:00:05.000Z' });
    expect(second.revision).toBeGreaterThan(first.revision);
    expect(answered.revision).toBeGreaterThan(second.revision);
    expect(store.calls.changedSince(second.revision, 10).map((call) => call.id)).toEqual(['a']);
    const finished = store.calls.finish('a', {
      endedAt: 'y',
      endReason: 'caller-hangup',
      hangupBy: 'caller',
    });
    expect(finished.status).toBe('completed');
    expect(() => store.calls.update('nope', { answeredAt: 'z' })).toThrow(TypeError);
  });
});
