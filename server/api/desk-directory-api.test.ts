/**
 * The desk's directory and wrap-up codes over real HTTP against a real store (the demo tenant). Routing
 * state comes from a routing engine double that knows one agent Available and one caller waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallsService } from '../calls/calls-service.js';
import { seedDemoTenant } from '../store/seed-demo-tenant.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { DEFAULT_DISPOSITIONS, registerDeskDirectoryApi, type DirectoryEntry } from './desk-directory-api.js';
import { startTestHttpApi } from './testing/http-api.fixture.js';

interface World {
  base: string;
  stop(): Promise<void>;
}

let world: World;
let dispositions: readonly string[] = [];

async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-directory-'));
  const store = SqliteStore.open(join(dir, 'tandem.db'));
  seedDemoTenant(store, 'tandem');
  const tenantId = store.tenants.list()[0]!.id;
  const bob = store.agents.findByUsername(tenantId, 'bob')!.id;
  const sales = store.queues.findByName(tenantId, 'sales')!.id;
  store.numbers.upsert({
    e164: '+15550199',
    tenantId,
    label: 'Sales',
    target: { kind: 'queue', name: 'sales' },
  });
  const engine = {
    agentStatus: (agentId: string) => (agentId === bob ? { state: 'Available' } : null),
    queueSnapshot: (queueId: string) => ({ waiting: queueId === sales ? 1 : 0 }),
  };
  const { http, origin } = await startTestHttpApi((http) =>
    registerDeskDirectoryApi(http, {
      calls: () => ({ routing: { engine } }) as unknown as CallsService,
      store: () => store,
      dispositions: () => dispositions,
    }),
  );
  return {
    base: origin,
    stop: async () => {
      await http.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function getJson<T>(path: string, password = 'demo'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${world.base}${path}`, {
    headers: { Authorization: `Basic ${Buffer.from(`alice:${password}`).toString('base64')}` },
  });
  return { status: response.status, body: (await response.json()) as T };
}

beforeEach(async () => {
  dispositions = [];
  world = await startWorld();
});
afterEach(() => world.stop());

describe('the directory', () => {
  it('lists the other agents with their state and the queues with a number, never the agent herself', async () => {
    const { status, body } = await getJson<{ entries: DirectoryEntry[] }>('/api/directory');
    expect(status).toBe(200);
    expect(body.entries).toContainEqual({
      kind: 'agent',
      name: 'bob',
      label: 'Bob Agent',
      dial: '1002',
      state: 'Available',
    });
    expect(body.entries).toContainEqual({
      kind: 'queue',
      name: 'sales',
      label: 'Sales',
      dial: '+15550199',
      waiting: 1,
    });
    expect(body.entries.map((entry) => entry.name)).not.toContain('alice');
    // Supervisors are not transfer targets.
    expect(body.entries.map((entry) => entry.name)).not.toContain('sam');
  });

  it('finds by name, extension or number, case-insensitively', async () => {
    const byName = await getJson<{ entries: DirectoryEntry[] }>('/api/directory?q=BOB');
    expect(byName.body.entries.map((entry) => entry.name)).toEqual(['bob']);
    const byExtension = await getJson<{ entries: DirectoryEntry[] }>('/api/directory?q=1002');
    expect(byExtension.body.entries.map((entry) => entry.name)).toEqual(['bob']);
    const byNumber = await getJson<{ entries: DirectoryEntry[] }>('/api/directory?q=0199');
    expect(byNumber.body.entries.map((entry) => entry.name)).toEqual(['sales']);
    const nothing = await getJson<{ entries: DirectoryEntry[] }>('/api/directory?q=nobody-here');
    expect(nothing.body.entries).toEqual([]);
  });

  it('refuses a wrong password and an over-long query', async () => {
    expect((await getJson('/api/directory', 'wrong')).status).toBe(401);
    const long = await getJson<{ error: string }>(`/api/directory?q=${'x'.repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body.error).toMatch(/at most 100/);
  });
});

describe('the wrap-up codes', () => {
  it('are the default list unless the server is given its own', async () => {
    expect((await getJson<{ dispositions: string[] }>('/api/dispositions')).body.dispositions).toEqual(
      DEFAULT_DISPOSITIONS,
    );
    dispositions = ['sale', 'no-sale'];
    expect((await getJson<{ dispositions: string[] }>('/api/dispositions')).body.dispositions).toEqual([
      'sale',
      'no-sale',
    ]);
  });
});
