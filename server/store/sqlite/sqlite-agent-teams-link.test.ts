import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, seedDemoTenant } from '../seed-demo-tenant.js';
import { SqliteStore } from './sqlite-store.js';

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function demoStore(): SqliteStore {
  const store = SqliteStore.open(':memory:');
  stores.push(store);
  seedDemoTenant(store, 'tandem');
  return store;
}

describe('agents linked to Teams users', () => {
  it('seeds alice and bob with (made-up) Teams object ids, sam with none', () => {
    const store = demoStore();
    const links = store.agents.list(DEMO.tenant.id).map((agent) => [agent.username, agent.teamsUserId]);
    expect(links).toEqual([
      ['alice', '00000000-0000-4000-8000-0000000a11ce'],
      ['bob', '00000000-0000-4000-8000-000000000b0b'],
      ['sam', null],
    ]);
  });

  it('links, finds without regard to case, and unlinks', () => {
    const store = demoStore();
    const sam = store.agents.findByUsername('demo', 'sam')!;
    expect(store.agents.setTeamsUserId(sam.id, ' Sam@Contoso.example ').teamsUserId).toBe(
      'Sam@Contoso.example',
    );
    expect(store.agents.findByTeamsUserId('demo', 'sam@contoso.EXAMPLE')?.username).toBe('sam');
    expect(store.agents.findByTeamsUserId('other', 'sam@contoso.example')).toBeNull();
    expect(store.agents.setTeamsUserId(sam.id, null).teamsUserId).toBeNull();
    expect(store.agents.findByTeamsUserId('demo', 'sam@contoso.example')).toBeNull();
  });

  it('refuses a malformed id, a Teams user already linked to another agent, and an unknown agent', () => {
    const store = demoStore();
    const sam = store.agents.findByUsername('demo', 'sam')!;
    expect(() => store.agents.setTeamsUserId(sam.id, 'sam')).toThrow(/not a Teams user id/);
    expect(() => store.agents.setTeamsUserId(sam.id, '00000000-0000-4000-8000-0000000A11CE')).toThrow(
      /UNIQUE/,
    );
    expect(() => store.agents.setTeamsUserId('nobody', null)).toThrow(/no agent nobody/);
    expect(store.agents.findById(sam.id)?.teamsUserId).toBeNull();
  });
});
