import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../routing/manual-clock.js';
import { RecordingDelegate } from '../routing/routing-engine.fixture.js';
import { RoutingEngine, loadTenant } from '../routing/index.js';
import { QueueStatistics } from '../routing/stats/index.js';
import { createRootLogger } from '../shared/logger.js';
import { seedDemoTenant } from '../store/seed-demo-tenant.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { registerStatsApi } from './stats-api.js';
import { startTestHttpApi } from './testing/http-api.fixture.js';

const logger = createRootLogger({ level: 'silent' });

interface World {
  base: string;
  store: SqliteStore;
  queueId: (name: string, tenantId?: string) => string;
  stop: () => Promise<void>;
}

let world: World;

/** The demo tenant (alice and bob, agents; sam, supervisor) with a Spanish queue nobody serves, and another tenant. */
async function startWorld(): Promise<World> {
  const store = SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'tandem-stats-')), 'tandem.db'));
  seedDemoTenant(store, 'tandem');
  store.queues.create({
    tenantId: 'demo',
    name: 'spanish',
    strategy: 'longest-idle',
    requiredSkills: [{ skill: 'spanish', level: 1 }],
  });
  store.tenants.ensure({ id: 'acme', name: 'Acme' });
  store.agents.create(
    { tenantId: 'acme', username: 'zoe', displayName: 'Zoe', role: 'supervisor', password: 'acme' },
    'tandem',
  );
  store.queues.create({ tenantId: 'acme', name: 'billing', strategy: 'longest-idle' });
  const queueId = (name: string, tenantId = 'demo') => store.queues.findByName(tenantId, name)!.id;

  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const engine = new RoutingEngine({
    delegate: new RecordingDelegate(),
    clock,
    logger,
    options: { wrapUpMs: 0 },
  });
  loadTenant(engine, store, 'demo');
  loadTenant(engine, store, 'acme');
  const statistics = new QueueStatistics({ engine, clock });
  // Today so far: alice answered one support caller after 3 s and talked 30 s.
  const alice = store.agents.findByUsername('demo', 'alice')!.id;
  engine.agentCommand(alice, { type: 'login' });
  engine.agentCommand(alice, { type: 'setAvailable' });
  engine.enqueue({
    callId: 'c1',
    tenantId: 'demo',
    queueIds: [queueId('support')],
    callerNumber: '+15550001',
  });
  clock.advance(3_000);
  engine.agentCommand(alice, { type: 'offerAccepted', callId: 'c1' });
  clock.advance(30_000);
  engine.agentCommand(alice, { type: 'callEnded', callId: 'c1' });
  clock.advance(7_000);

  const { http, origin } = await startTestHttpApi((http) =>
    registerStatsApi(http, {
      calls: () => ({ routing: { engine } }),
      store: () => store,
      statistics: () => statistics,
    }),
  );
  return {
    base: origin,
    store,
    queueId,
    stop: async () => {
      await http.stop();
      statistics.close();
      engine.close();
      store.close();
    },
  };
}

function get(path: string, user: string | null = 'sam', password = 'demo'): Promise<Response> {
  const headers: Record<string, string> = user
    ? { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }
    : {};
  return fetch(`${world.base}${path}`, { headers });
}

/** A finished queue call record, as the calls layer writes it. */
function queueCall(
  id: string,
  queue: string,
  times: { started: string; answered?: string; ended: string },
  endReason: string,
  extra: { agent?: string; wrapUpMs?: number; tenantId?: string } = {},
): void {
  const { store } = world;
  const tenantId = extra.tenantId ?? 'demo';
  store.calls.start({
    id,
    tenantId,
    direction: 'inbound',
    fromNumber: '+1',
    toNumber: '+2',
    startedAt: times.started,
  });
  store.calls.update(id, { queueId: world.queueId(queue, tenantId) });
  if (times.answered) {
    const agentId = store.agents.findByUsername(tenantId, extra.agent ?? 'alice')!.id;
    store.calls.update(id, { answeredAt: times.answered, agentId });
  }
  store.calls.finish(id, { endedAt: times.ended, endReason, hangupBy: 'caller' });
  if (extra.wrapUpMs !== undefined) store.calls.update(id, { wrapUpMs: extra.wrapUpMs });
}

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.stop();
});

const at = (time: string) => `2026-01-05T${time}.000Z`;

describe('GET /api/stats/realtime', () => {
  it("shows a supervisor every queue and agent of the tenant, with today's figures", async () => {
    const response = await get('/api/stats/realtime');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      day: string;
      queues: { name: string; today: Record<string, unknown>; agents: Record<string, number> }[];
      agents: { username: string; state: string; timeInStateMs: number; today: Record<string, number> }[];
    };
    expect(body.day).toBe('2026-01-05');
    expect(body.queues.map((queue) => queue.name).sort()).toEqual(['sales', 'spanish', 'support']);
    const support = body.queues.find((queue) => queue.name === 'support')!;
    expect(support.today).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinServiceLevel: 1,
      serviceLevelPercent: 100,
      averageSpeedOfAnswerMs: 3_000,
      handled: 1,
      averageHandleTimeMs: 30_000,
    });
    expect(support.agents).toMatchObject({ Available: 1, Offline: 1 });
    expect(body.agents.map((agent) => [agent.username, agent.state, agent.timeInStateMs])).toEqual(
      expect.arrayContaining([
        ['alice', 'Available', 7_000],
        ['bob', 'Offline', 40_000],
      ]),
    );
    expect(body.agents).toHaveLength(2);
    expect(body.agents.find((agent) => agent.username === 'alice')!.today).toEqual({
      callsHandled: 1,
      talkTimeMs: 30_000,
      handleTimeMs: 30_000,
    });
  });

  it('shows an agent the queues they serve and only their own figures', async () => {
    const body = (await (await get('/api/stats/realtime', 'alice')).json()) as {
      queues: { name: string }[];
      agents: { username: string }[];
    };
    expect(body.queues.map((queue) => queue.name).sort()).toEqual(['sales', 'support']);
    expect(body.agents.map((agent) => agent.username)).toEqual(['alice']);
  });

  it('shows another tenant nothing of this one', async () => {
    const body = (await (await get('/api/stats/realtime', 'zoe', 'acme')).json()) as {
      queues: { name: string }[];
      agents: unknown[];
    };
    expect(body.queues.map((queue) => queue.name)).toEqual(['billing']);
    expect(body.agents).toEqual([]);
  });

  it('asks for credentials', async () => {
    expect((await get('/api/stats/realtime', null)).status).toBe(401);
    const wrong = await get('/api/stats/realtime', 'sam', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
  });
});

describe('GET /api/stats/history', () => {
  beforeEach(() => {
    queueCall(
      'h1',
      'support',
      { started: at('09:00:00'), answered: at('09:00:10'), ended: at('09:03:10') },
      'caller-hangup',
      {
        wrapUpMs: 20_000,
      },
    );
    queueCall('h2', 'support', { started: at('09:20:00'), ended: at('09:21:00') }, 'caller-cancelled');
    queueCall('h3', 'spanish', { started: at('09:30:00'), ended: at('09:35:00') }, 'no-answer');
    queueCall('h4', 'billing', { started: at('09:40:00'), ended: at('09:40:30') }, 'caller-cancelled', {
      tenantId: 'acme',
    });
  });

  const range = 'from=2026-01-05T09:00:00Z&to=2026-01-05T11:00:00Z';

  it('reports each hour per queue as JSON, from the call records', async () => {
    const response = await get(`/api/stats/history?${range}&interval=1h`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      interval: string;
      timeZone: string;
      rows: { intervalStart: string; queueName: string; offered: number; [figure: string]: unknown }[];
    };
    expect(body).toMatchObject({ interval: '1h', timeZone: 'UTC' });
    expect(body.rows.map((row) => [row.intervalStart, row.queueName, row.offered])).toEqual([
      [at('09:00:00'), 'spanish', 1],
      [at('09:00:00'), 'support', 2],
      [at('10:00:00'), 'spanish', 0],
      [at('10:00:00'), 'support', 0],
    ]);
    expect(body.rows[1]).toMatchObject({
      answered: 1,
      abandoned: 1,
      // 1 answered within 20 s / (1 answered + 1 abandoned after 60 s)
      serviceLevelPercent: 50,
      averageSpeedOfAnswerMs: 10_000,
      averageTalkTimeMs: 180_000,
      averageHandleTimeMs: 200_000,
    });
    expect(body.rows[0]).toMatchObject({ exited: 1, abandoned: 0 });
  });

  it('exports CSV for a spreadsheet', async () => {
    const response = await get(`/api/stats/history?${range}&interval=1h&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="queues-2026-01-05T0900-2026-01-05T1100-1h.csv"',
    );
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toMatch(/^interval_start,interval_end,queue_id,queue_name,offered,answered,/);
    expect(lines[2]).toBe(
      `${at('09:00:00')},${at('10:00:00')},${world.queueId('support')},support,2,1,1,1,0,0,1,50,10000,50,180000,200000`,
    );
    expect(lines).toHaveLength(6);
  });

  it('shows an agent only the queues they serve', async () => {
    const body = (await (await get(`/api/stats/history?${range}`, 'alice')).json()) as {
      rows: { queueName: string }[];
    };
    expect(new Set(body.rows.map((row) => row.queueName))).toEqual(new Set(['support']));
  });

  it.each([
    ['', /expected from and to/],
    ['from=2026-01-05&to=2026-01-06', /from: expected an ISO 8601 date and time with its offset/],
    ['from=2026-01-05T09:00:00Z&to=tomorrow', /to: expected an ISO 8601/],
    ['from=2026-01-05T09:00:00Z&to=2026-01-05T09:00:00Z', /to must be after from/],
    [`${range}&interval=5m`, /interval: expected one of 15m, 1h, 1d, got "5m"/],
    [`${range}&format=xml`, /format: expected json or csv/],
    ['from=2026-01-01T00:00:00Z&to=2026-01-09T00:00:00Z&interval=15m', /by 15m covers at most 7 days/],
    ['from=2025-01-01T00:00:00Z&to=2026-01-09T00:00:00Z&interval=1d', /by 1d covers at most 366 days/],
  ])('refuses %s with a clear 400', async (query, message) => {
    const response = await get(`/api/stats/history?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it('takes a range given with an offset, and asks for credentials', async () => {
    const response = await get(
      '/api/stats/history?from=2026-01-05T10:00:00%2B01:00&to=2026-01-05T11:00:00%2B01:00&interval=15m',
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { from: string; rows: { offered: number }[] };
    expect(body.from).toBe(at('09:00:00'));
    expect(body.rows.reduce((sum, row) => sum + row.offered, 0)).toBe(3);
    expect((await get(`/api/stats/history?${range}`, null)).status).toBe(401);
  });
});
