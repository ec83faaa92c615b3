/**
 * The demo tenant, seeded into an empty database so that a newcomer can place a call at once.
 * These names and numbers are part of Tandem's demo contract (README "Demo accounts"): change them
 * only together with the README.
 */
import type { Store } from './store-types.js';

export const DEMO = {
  tenant: { id: 'demo', name: 'Demo contact center' },
  password: 'demo',
  trunk: { name: 'pstn', allowedSources: ['127.0.0.1/32'] },
  mainNumber: '+15550100',
  supportNumber: '+15550101',
  queues: ['support', 'sales'],
  agents: [
    // Teams object ids are made up: they link to the fake Graph of the tests, or to nothing until an
    // administrator links the agents to the organisation's real Teams users.
    {
      username: 'alice',
      displayName: 'Alice Agent',
      role: 'agent',
      extension: '1001',
      teamsUserId: '00000000-0000-4000-8000-0000000a11ce',
    },
    {
      username: 'bob',
      displayName: 'Bob Agent',
      role: 'agent',
      extension: '1002',
      teamsUserId: '00000000-0000-4000-8000-000000000b0b',
    },
    {
      username: 'sam',
      displayName: 'Sam Supervisor',
      role: 'supervisor',
      extension: '1009',
      teamsUserId: null,
    },
  ],
} as const;

/** Seeds the demo tenant when the database has no tenant at all; returns whether it did. */
export function seedDemoTenant(store: Store, sipRealm: string): boolean {
  if (store.tenants.list().length > 0) return false;
  const tenantId = DEMO.tenant.id;
  store.tenants.ensure(DEMO.tenant);

  store.trunks.create({
    tenantId,
    name: DEMO.trunk.name,
    kind: 'pstn',
    allowedSources: [...DEMO.trunk.allowedSources],
    outboundUri: null,
  });

  const agents = DEMO.agents.map((agent) =>
    store.agents.create(
      {
        tenantId,
        username: agent.username,
        displayName: agent.displayName,
        role: agent.role,
        extension: agent.extension,
        password: DEMO.password,
        skills: [{ skill: 'english', level: 3 }],
        teamsUserId: agent.teamsUserId,
      },
      sipRealm,
    ),
  );
  const supervisorIds = agents.filter((agent) => agent.role === 'supervisor').map((agent) => agent.id);
  for (const name of DEMO.queues) {
    store.queues.create({
      tenantId,
      name,
      strategy: 'longest-idle',
      requiredSkills: [{ skill: 'english', level: 1 }],
      supervisorIds,
    });
  }

  // The main number answers with a small menu ("1 for sales, 2 for support": the flow main-menu,
  // server/routing/flows/demo); the support line goes straight to the support queue.
  store.numbers.upsert({
    e164: DEMO.mainNumber,
    tenantId,
    label: 'Main number',
    target: { kind: 'flow', name: 'main-menu' },
  });
  store.numbers.upsert({
    e164: DEMO.supportNumber,
    tenantId,
    label: 'Support line',
    target: { kind: 'queue', name: 'support' },
  });
  return true;
}
