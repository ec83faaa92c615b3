import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '../store/seed-demo-tenant.js';
import { callHistoryOf } from '../store/sqlite/sqlite-call-history-repository.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { AnnotationResponse, HistoryCall, HistoryPageResponse } from './history-api-types.js';
import { registerHistoryApi } from './history-api.js';
import { startTestHttpApi } from './testing/http-api.fixture.js';

const SERVER_NOW = '2026-01-05T12:00:00.000Z';

interface World {
  base: string;
  store: SqliteStore;
  agentId: (username: string) => string;
  stop: () => Promise<void>;
}

let world: World;

async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-history-'));
  const store = SqliteStore.open(join(dir, 'tandem.db'));
  seedDemoTenant(store, 'tandem');
  store.tenants.ensure({ id: 'acme', name: 'Acme' });
  store.agents.create(
    { tenantId: 'acme', username: 'zoe', displayName: 'Zoe', role: 'supervisor', password: 'acme' },
    'tandem',
  );
  const { http, origin } = await startTestHttpApi((http) =>
    registerHistoryApi(http, {
      store: () => store,
      history: () => callHistoryOf(store),
      now: () => SERVER_NOW,
    }),
  );
  return {
    base: origin,
    store,
    agentId: (username) => store.agents.findByUsername('demo', username)!.id,
    stop: async () => {
      await http.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function auth(user: string, password = 'demo'): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function getJson<T>(path: string, user = 'alice'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${world.base}${path}`, {
    headers: auth(user, user === 'zoe' ? 'acme' : 'demo'),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function put(
  body: unknown,
  user = 'alice',
): Promise<{ status: number; body: AnnotationResponse & { error?: string } }> {
  const response = await fetch(`${world.base}/api/history/annotations`, {
    method: 'PUT',
    headers: { ...auth(user), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as AnnotationResponse & { error?: string },
  };
}

/** A queue call answered by an agent, with its journey, as the calls layer writes it. */
function answeredCall(id: string, agent: string, from = '+15550001'): void {
  const { store } = world;
  store.calls.start({
    id,
    tenantId: 'demo',
    direction: 'inbound',
    fromNumber: from,
    toNumber: '+15550100',
    startedAt: '2026-01-05T09:00:00.000Z',
  });
  store.calls.appendEvent(id, 'ivr-choice', { key: '1' }, '2026-01-05T09:00:05.000Z');
  store.calls.update(id, { queueId: store.queues.findByName('demo', 'support')!.id });
  store.calls.appendEvent(id, 'queued', { queue: 'support' }, '2026-01-05T09:00:06.000Z');
  store.calls.update(id, { answeredAt: '2026-01-05T09:00:10.000Z', agentId: world.agentId(agent) });
  store.calls.appendEvent(id, 'answered', { agent }, '2026-01-05T09:00:10.000Z');
  store.calls.finish(id, {
    endedAt: '2026-01-05T09:03:00.000Z',
    endReason: 'caller-hangup',
    hangupBy: 'caller',
  });
}

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  await world.stop();
});

describe('call history API: reading', () => {
  it("gives an agent their own calls with the call's journey, and a supervisor the tenant's", async () => {
    answeredCall('a1', 'alice');
    answeredCall('b1', 'bob');
    const alice = await getJson<HistoryPageResponse>('/api/history/calls');
    expect(alice.status).toBe(200);
    expect(alice.body.calls.map((call) => call.id)).toEqual(['a1']);
    const [call] = alice.body.calls;
    expect(call).toMatchObject({
      fromNumber: '+15550001',
      queueName: 'support',
      agentName: 'Alice Agent',
      status: 'completed',
    });
    expect(call!.events.map((event) => event.kind)).toEqual(['ivr-choice', 'queued', 'answered']);
    expect(alice.body.remaining).toBe(0);
    const sam = await getJson<HistoryPageResponse>('/api/history/calls', 'sam');
    expect(sam.body.calls.map((each) => each.id).sort()).toEqual(['a1', 'b1']);
    const zoe = await getJson<HistoryPageResponse>('/api/history/calls', 'zoe');
    expect(zoe.body.calls).toEqual([]);
  });

  it('pages by revision and brings a call changed meanwhile again, never losing one', async () => {
    for (let index = 0; index < 5; index++) answeredCall(`c${index}`, 'alice');
    const first = await getJson<HistoryPageResponse>('/api/history/calls?since=0&limit=2');
    expect(first.body.calls.map((call) => call.id)).toEqual(['c0', 'c1']);
    expect(first.body.remaining).toBe(3);
    world.store.calls.update('c0', { wrapUpMs: 5_000 });
    const seen = new Map<string, HistoryCall>();
    for (const call of first.body.calls) seen.set(call.id, call);
    let cursor = first.body.cursor;
    for (let pages = 0; pages < 10; pages++) {
      const page = await getJson<HistoryPageResponse>(`/api/history/calls?since=${cursor}&limit=2`);
      for (const call of page.body.calls) seen.set(call.id, call);
      cursor = page.body.cursor;
      if (page.body.remaining === 0) break;
    }
    expect([...seen.keys()].sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(seen.get('c0')!.wrapUpMs).toBe(5_000);
    const again = await getJson<HistoryPageResponse>(`/api/history/calls?since=${cursor}`);
    expect(again.body).toEqual({ calls: [], cursor, remaining: 0 });
  });

  it('refuses bad paging and unknown users with an explanation, and hides calls of others', async () => {
    answeredCall('b1', 'bob');
    expect((await getJson<{ error: string }>('/api/history/calls?since=-1')).body.error).toMatch(/since/);
    expect((await getJson<{ error: string }>('/api/history/calls?limit=5000')).status).toBe(400);
    expect((await getJson<{ error: string }>('/api/history/calls?limit=abc')).status).toBe(400);
    const stranger = await fetch(`${world.base}/api/history/calls`, { headers: auth('alice', 'wrong') });
    expect(stranger.status).toBe(401);
    expect((await getJson('/api/history/call?id=b1')).status).toBe(404);
    expect((await getJson('/api/history/call?id=b1', 'bob')).status).toBe(200);
    expect((await getJson('/api/history/call?id=b1', 'zoe')).status).toBe(404);
  });
});

describe('call history API: notes and dispositions', () => {
  it('saves a note, bumps the revision so that sync sees it, and answers a replay as the first time', async () => {
    answeredCall('a1', 'alice');
    const before = world.store.calls.find('a1')!.revision;
    const edit = {
      callId: 'a1',
      mutationId: 'edit-0001',
      baseRevision: before,
      editedAt: '2026-01-05T10:00:00Z',
      note: 'wants a callback',
      disposition: 'resolved',
    };
    const first = await put(edit);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toEqual({ applied: ['note', 'disposition'], conflicts: [], replayed: false });
    expect(first.body.call.note).toMatchObject({
      value: 'wants a callback',
      editedByName: 'Alice Agent',
      editedAt: '2026-01-05T10:00:00.000Z',
    });
    expect(first.body.call.revision).toBeGreaterThan(before);
    const replay = await put(edit);
    expect(replay.body.outcome).toEqual({ ...first.body.outcome, replayed: true });
    expect(replay.body.call.revision).toBe(first.body.call.revision);
    expect(replay.body.call.annotationHistory).toEqual([]);
    const changes = await getJson<HistoryPageResponse>(`/api/history/calls?since=${before}`);
    expect(changes.body.calls.map((call) => call.disposition?.value)).toEqual(['resolved']);
  });

  it('resolves a concurrent edit per field by edit time and keeps the loser in the history', async () => {
    answeredCall('a1', 'alice');
    const base = world.store.calls.find('a1')!.revision;
    // Sam (supervisor) writes first; Alice, offline, had edited the same call from the same base revision.
    await put(
      {
        callId: 'a1',
        mutationId: 'sam-00001',
        baseRevision: base,
        editedAt: '2026-01-05T10:05:00Z',
        note: 'sam: escalate',
        disposition: 'escalated',
      },
      'sam',
    );
    const alice = await put({
      callId: 'a1',
      mutationId: 'alice-0001',
      baseRevision: base,
      editedAt: '2026-01-05T10:10:00Z',
      note: 'alice: fixed on the call',
    });
    expect(alice.status).toBe(200);
    expect(alice.body.outcome.conflicts).toEqual([
      {
        field: 'note',
        yours: 'alice: fixed on the call',
        theirs: 'sam: escalate',
        theirsEditedAt: '2026-01-05T10:05:00.000Z',
        theirsEditedBy: world.agentId('sam'),
        winner: 'yours',
      },
    ]);
    expect(alice.body.call.note?.value).toBe('alice: fixed on the call');
    expect(alice.body.call.disposition?.value).toBe('escalated');
    // An older edit arriving later loses, and is kept.
    const late = await put({
      callId: 'a1',
      mutationId: 'alice-0002',
      baseRevision: base,
      editedAt: '2026-01-05T10:01:00Z',
      disposition: 'resolved',
    });
    expect(late.body.outcome).toMatchObject({
      applied: [],
      conflicts: [{ field: 'disposition', winner: 'theirs', theirs: 'escalated' }],
    });
    expect(late.body.call.disposition?.value).toBe('escalated');
    expect(late.body.call.annotationHistory).toEqual([
      expect.objectContaining({ field: 'note', value: 'sam: escalate', reason: 'lost-conflict' }),
      expect.objectContaining({
        field: 'disposition',
        value: 'resolved',
        reason: 'lost-conflict',
        editedBy: world.agentId('alice'),
      }),
    ]);
  });

  it('replaces without conflict when the writer had seen the last value, and never lets a clock ahead win', async () => {
    answeredCall('a1', 'alice');
    const first = await put({
      callId: 'a1',
      mutationId: 'edit-0001',
      baseRevision: 0,
      editedAt: '2030-01-01T00:00:00Z',
      note: 'one',
    });
    expect(first.body.call.note?.editedAt).toBe(SERVER_NOW);
    const second = await put({
      callId: 'a1',
      mutationId: 'edit-0002',
      baseRevision: first.body.call.revision,
      note: 'two',
    });
    expect(second.body.outcome).toEqual({ applied: ['note'], conflicts: [], replayed: false });
    expect(second.body.call.annotationHistory).toEqual([
      expect.objectContaining({ value: 'one', reason: 'replaced' }),
    ]);
  });

  it('refuses bad edits clearly and hides calls the writer may not see', async () => {
    answeredCall('b1', 'bob');
    answeredCall('a1', 'alice');
    expect((await put({ callId: 'b1', mutationId: 'edit-0001', baseRevision: 0, note: 'x' })).status).toBe(
      404,
    );
    expect((await put({ callId: 'a1', mutationId: 'x', baseRevision: 0, note: 'x' })).body.error).toMatch(
      /mutationId/,
    );
    expect(
      (await put({ callId: 'a1', mutationId: 'edit-0001', baseRevision: -2, note: 'x' })).body.error,
    ).toMatch(/baseRevision/);
    expect((await put({ callId: 'a1', mutationId: 'edit-0001', baseRevision: 0 })).body.error).toMatch(
      /note/,
    );
    expect(
      (await put({ callId: 'a1', mutationId: 'edit-0001', baseRevision: 0, note: 'x'.repeat(10_001) }))
        .status,
    ).toBe(400);
    expect(
      (
        await put({
          callId: 'a1',
          mutationId: 'edit-0001',
          baseRevision: 0,
          editedAt: 'yesterday',
          note: 'x',
        })
      ).status,
    ).toBe(400);
    const notJson = await fetch(`${world.base}/api/history/annotations`, {
      method: 'PUT',
      headers: auth('alice'),
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await put({ callId: 'a1', mutationId: 'edit-0009', baseRevision: 0, note: 'ok' })).status).toBe(
      200,
    );
    // A mutation id belongs to one call.
    expect(
      (await put({ callId: 'b1', mutationId: 'edit-0009', baseRevision: 0, note: 'x' }, 'bob')).status,
    ).toBe(409);
  });
});
