/**
 * Teams presence steering real routing: the demo tenant from the store, a real RoutingEngine, the
 * presence gate started the way the server starts it (startPresenceGate), and the fake Graph.
 * Alice in a Teams meeting is not offered the caller; once Teams shows her available, she is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPresenceGate, type PresenceGateLink } from '../../server/presence-gate-wiring.js';
import { systemClock } from '../../server/routing/clock.js';
import { loadTenant } from '../../server/routing/load-from-store.js';
import { contactCenter } from '../../server/routing/routing-engine.fixture.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { DEMO, seedDemoTenant } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { waitUntil } from '../support/browser-agent/wait-until.node.js';
import {
  PRESENCE_OFF,
  presenceConfigFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Teams presence gates routing', () => {
  it('offers no call to an agent in a Teams meeting, says why, and offers it once she is available', async () => {
    const microsoft: FakeMicrosoft = await startFakeMicrosoft();
    cleanups.push(() => microsoft.close());
    const store = SqliteStore.open(':memory:');
    cleanups.push(() => store.close());
    seedDemoTenant(store, 'tandem');
    const alice = store.agents.findByUsername(DEMO.tenant.id, 'alice')!;
    const support = store.queues.findByName(DEMO.tenant.id, 'support')!;
    microsoft.graph.setPresence(alice.teamsUserId!, 'Busy', 'InAMeeting');

    const cc = contactCenter({}, systemClock);
    loadTenant(cc.engine, store, DEMO.tenant.id);
    cc.ready(alice.id);
    const presence: PresenceGateLink | null = startPresenceGate({
      config: presenceConfigFor(microsoft),
      caPem: microsoft.certificates.caPem,
      store,
      tenantId: DEMO.tenant.id,
      send: (agentId, command) => cc.engine.agentCommand(agentId, command).ok,
      logger: createRootLogger({ level: 'silent' }),
    });
    cleanups.push(() => presence?.close());

    await waitUntil(
      async () => cc.engine.whyNotOffered(alice.id),
      (reasons) => reasons.includes('presence:InAMeeting'),
      {
        timeoutMs: 8_000,
        awaiting: 'alice to be held back by her Teams meeting',
      },
    );
    cc.call('c1', support.id);
    expect(cc.delegate.offered).toEqual([]);
    // Bob has a Teams account too, and no presence yet: the default unknown policy keeps offering him.
    const bob = store.agents.findByUsername(DEMO.tenant.id, 'bob')!;
    expect(presence!.feeder.view(bob.id).decision.offer).toBe(true);

    microsoft.graph.setPresence(alice.teamsUserId!, 'Available', 'Available');
    await waitUntil(
      async () => cc.delegate.offered,
      (offered) => offered.length > 0,
      {
        timeoutMs: 8_000,
        awaiting: 'the caller to be offered to alice',
      },
    );
    expect(cc.delegate.offered).toEqual([`c1→${alice.id}`]);
    expect(cc.engine.whyNotOffered(alice.id)).not.toContain('presence:InAMeeting');
    expect([...microsoft.graph.presenceRequests()[0]!.ids].sort()).toEqual(
      ['00000000-0000-4000-8000-0000000a11ce', '00000000-0000-4000-8000-000000000b0b'].sort(),
    );
  });

  it('stays off when teams.presence is disabled', () => {
    const store = SqliteStore.open(':memory:');
    cleanups.push(() => store.close());
    const link = startPresenceGate({
      config: PRESENCE_OFF,
      store,
      tenantId: 'demo',
      send: () => true,
      logger: createRootLogger({ level: 'silent' }),
    });
    expect(link).toBeNull();
  });
});
