/**
 * The calendar-aware gate steering real routing: the demo tenant from the store, a real routing
 * engine, Teams presence polled and calendars read from the fake Graph over HTTPS, wired the way the
 * server wires them (TeamsGraphWiring.startTenant). Alice's Teams meeting starts within the expected
 * handle time: the waiting caller is not offered to her, whatever Teams presence says meanwhile
 * (the two holds are merged, neither overwrites the other); once the meeting is cancelled she is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/routing/clock.js';
import { loadTenant } from '../../server/routing/load-from-store.js';
import { contactCenter } from '../../server/routing/routing-engine.fixture.js';
import { teamsGraphSchema } from '../../server/shared/config/teams-graph-config-schema.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { DEMO, seedDemoTenant } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { TeamsGraphWiring } from '../../server/teams-graph-wiring.js';
import { waitUntil } from '../support/browser-agent/wait-until.node.js';
import { serveCalendars } from '../support/fake-microsoft/fake-graph-calendar.js';
import {
  PRESENCE_OFF,
  presenceConfigFor,
  startFakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MINUTE = 60_000;

describe('calendar-aware gate', () => {
  it('keeps a caller from an agent whose Teams meeting starts within the expected handle time', async () => {
    const store = SqliteStore.open(':memory:');
    cleanups.push(() => store.close());
    seedDemoTenant(store, 'tandem');
    const alice = store.agents.findByUsername(DEMO.tenant.id, 'alice')!;
    const support = store.queues.findByName(DEMO.tenant.id, 'support')!;
    const microsoft = await startFakeMicrosoft([
      { id: alice.teamsUserId!, userPrincipalName: 'alice@contoso.example' },
    ]);
    cleanups.push(() => microsoft.close());
    microsoft.graph.setPresence(alice.teamsUserId!, 'Available', 'Available');
    const calendars = serveCalendars(microsoft.graph);
    // In 20 minutes; calls take 30 minutes here: too late to take one now.
    calendars.put(alice.teamsUserId!, {
      id: 'review',
      subject: 'Quarterly review',
      start: Date.now() + 20 * MINUTE,
      end: Date.now() + 80 * MINUTE,
    });

    const cc = contactCenter({}, systemClock);
    loadTenant(cc.engine, store, DEMO.tenant.id);
    cc.ready(alice.id);
    const wiring = new TeamsGraphWiring({
      config: {
        presence: presenceConfigFor(microsoft, { caFile: microsoft.certificates.caFile }),
        graph: teamsGraphSchema.parse({ calendarGate: { enabled: true, expectedHandleSeconds: 1800 } }),
      },
      store: () => store,
      logger: createRootLogger({ level: 'silent' }),
    });
    await wiring.start();
    cleanups.push(() => wiring.stop());
    const tenant = wiring.startTenant({
      tenantId: DEMO.tenant.id,
      send: (agentId, command) => cc.engine.agentCommand(agentId, command).ok,
    });
    cleanups.push(() => tenant.close());

    await waitUntil(
      async () => cc.engine.whyNotOffered(alice.id),
      (reasons) => reasons.includes('presence:MeetingSoon'),
      { timeoutMs: 8_000, awaiting: 'alice held back by her meeting' },
    );
    expect(calendars.requests[0]).toMatchObject({ user: alice.teamsUserId });
    cc.call('c1', support.id);
    expect(cc.delegate.offered).toEqual([]);

    // Teams shows her in a call, then free again: the meeting still holds her.
    microsoft.graph.setPresence(alice.teamsUserId!, 'Busy', 'InACall');
    await waitUntil(
      async () => tenant.holds.reasonsOf(alice.id),
      (reasons) => reasons.teams === 'InACall',
      { timeoutMs: 8_000, awaiting: 'the Teams call seen' },
    );
    microsoft.graph.setPresence(alice.teamsUserId!, 'Available', 'Available');
    await waitUntil(
      async () => tenant.holds.reasonsOf(alice.id),
      (reasons) => reasons.teams === undefined,
      { timeoutMs: 8_000, awaiting: 'the Teams call over' },
    );
    expect(cc.engine.whyNotOffered(alice.id)).toContain('presence:MeetingSoon');
    expect(cc.delegate.offered).toEqual([]);

    // The meeting is cancelled: at the next calendar read, alice takes the caller.
    calendars.remove(alice.teamsUserId!, 'review');
    await tenant.calendar!.refresh();
    await waitUntil(
      async () => cc.delegate.offered,
      (offered) => offered.length > 0,
      { timeoutMs: 8_000, awaiting: 'the caller offered to alice' },
    );
    expect(cc.delegate.offered).toEqual([`c1→${alice.id}`]);
  });

  it('does nothing when teams.graph.calendarGate is off', async () => {
    const store = SqliteStore.open(':memory:');
    cleanups.push(() => store.close());
    const wiring = new TeamsGraphWiring({
      config: {
        presence: PRESENCE_OFF,
        graph: teamsGraphSchema.parse({}),
      },
      store: () => store,
      logger: createRootLogger({ level: 'silent' }),
    });
    await wiring.start();
    const tenant = wiring.startTenant({ tenantId: 'demo', send: () => true });
    expect(tenant.calendar).toBeNull();
    expect(tenant.presence).toBeNull();
    tenant.close();
    await wiring.stop();
  });
});
