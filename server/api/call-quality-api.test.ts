import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '../store/seed-demo-tenant.js';
import { callHistoryOf } from '../store/sqlite/sqlite-call-history-repository.js';
import { callQualityOf } from '../store/sqlite/sqlite-call-quality-repository.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CALL_QUALITY_PATH, type CallQualityRequest } from './call-quality-api-types.js';
import { parseCallQualityRequest, registerCallQualityApi } from './call-quality-api.js';
import type { HistoryCallWithQuality, HistoryPageResponse } from './history-api-types.js';
import { registerHistoryApi } from './history-api.js';
import { startTestHttpApi } from './testing/http-api.fixture.js';

const NOW = '2026-01-05T12:00:00.000Z';

let base = '';
let store: SqliteStore;
let stop: () => Promise<void>;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-quality-'));
  store = SqliteStore.open(join(dir, 'tandem.db'));
  seedDemoTenant(store, 'tandem');
  const { http, origin } = await startTestHttpApi((http) => {
    registerCallQualityApi(http, { store: () => store, quality: () => callQualityOf(store), now: () => NOW });
    registerHistoryApi(http, {
      store: () => store,
      history: () => callHistoryOf(store),
      quality: () => callQualityOf(store),
    });
  });
  base = origin;
  stop = async () => {
    await http.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
});

afterEach(() => stop());

const agentId = (username: string) => store.agents.findByUsername('demo', username)!.id;

/** A queue call that `agent` answered, as the calls layer writes it. */
function answeredCall(id: string, agent: string): void {
  store.calls.start({
    id,
    tenantId: 'demo',
    direction: 'inbound',
    fromNumber: '+15550001',
    toNumber: '+15550100',
    startedAt: '2026-01-05T09:00:00.000Z',
  });
  store.calls.update(id, { answeredAt: '2026-01-05T09:00:10.000Z', agentId: agentId(agent) });
  store.calls.appendEvent(id, 'answered', { agentId: agentId(agent) });
}

const figures = {
  samples: 42,
  roundTripMsAvg: 12.5,
  roundTripMsMax: 30,
  jitterMsAvg: 3.25,
  jitterMsMax: 9,
  packetLossPercent: 0.4,
  mosAvg: 4.35,
  mosMin: 3.9,
  degradedSamples: 0,
};

const auth = (user: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:demo`).toString('base64')}`,
});

async function report(body: unknown, user = 'alice') {
  const response = await fetch(`${base}${CALL_QUALITY_PATH}`, {
    method: 'PUT',
    headers: { ...auth(user), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function historyCall(id: string, user = 'alice') {
  const response = await fetch(`${base}/api/history/call?id=${id}`, { headers: auth(user) });
  return (await response.json()) as HistoryCallWithQuality;
}

describe('call quality API', () => {
  it("saves the answering agent's figures, and the history returns them with the call", async () => {
    answeredCall('c1', 'alice');
    const revisionBefore = (await historyCall('c1')).revision;
    expect((await historyCall('c1')).quality).toEqual([]);
    const saved = await report({ callId: 'c1', ...figures } satisfies CallQualityRequest);
    expect(saved).toEqual({
      status: 200,
      body: { quality: { ...figures, agentId: agentId('alice'), reportedAt: NOW } },
    });

    const call = await historyCall('c1');
    expect(call.quality).toEqual([{ ...figures, agentId: agentId('alice'), reportedAt: NOW }]);
    // A client syncing by revision sees the call again, now with its figures.
    expect(call.revision).toBeGreaterThan(revisionBefore);
    const page = (await (
      await fetch(`${base}/api/history/calls?since=${revisionBefore}`, { headers: auth('alice') })
    ).json()) as Omit<HistoryPageResponse, 'calls'> & { calls: HistoryCallWithQuality[] };
    expect(page.calls.map((each) => [each.id, each.quality[0]?.mosAvg])).toEqual([['c1', 4.35]]);

    // Reporting again replaces the agent's figures rather than adding a second set.
    await report({ callId: 'c1', ...figures, mosAvg: 3.1, mosMin: 2.5, degradedSamples: 20 });
    expect((await historyCall('c1')).quality).toMatchObject([
      { mosAvg: 3.1, mosMin: 2.5, degradedSamples: 20 },
    ]);
  });

  it('refuses a call the agent did not answer as if it did not exist, and a stranger', async () => {
    answeredCall('b1', 'bob');
    expect(await report({ callId: 'b1', ...figures })).toEqual({
      status: 404,
      body: { error: 'no call b1 answered by you' },
    });
    expect((await report({ callId: 'missing', ...figures })).status).toBe(404);
    const stranger = await fetch(`${base}${CALL_QUALITY_PATH}`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` },
      body: JSON.stringify({ callId: 'b1', ...figures }),
    });
    expect(stranger.status).toBe(401);
    expect(callQualityOf(store).forCall('b1')).toEqual([]);
  });

  it('takes figures from every agent who was on the call, each kept apart, and not from one only offered it', async () => {
    for (const username of ['carol', 'dave', 'erin'])
      store.agents.create(
        { tenantId: 'demo', username, displayName: username, role: 'agent', password: 'demo', skills: [] },
        'tandem',
      );
    // bob answered; alice placed the call (an internal call), carol took it by transfer, dave joined it.
    answeredCall('x1', 'bob');
    store.calls.appendEvent('x1', 'received', {
      agent: 'alice',
      callee: 'bob',
      callerAgentId: agentId('alice'),
    });
    store.calls.appendEvent('x1', 'transferred', { to: '1003', agentId: agentId('carol') });
    store.calls.appendEvent('x1', 'conference', {
      with: '1004',
      mode: 'conference',
      agentId: agentId('dave'),
    });
    store.calls.appendEvent('x1', 'offered', { target: 'erin', agentId: agentId('erin') });
    for (const user of ['alice', 'bob', 'carol', 'dave'])
      expect((await report({ callId: 'x1', ...figures }, user)).status, user).toBe(200);
    expect((await report({ callId: 'x1', ...figures }, 'erin')).status).toBe(404);
    expect(
      callQualityOf(store)
        .forCall('x1')
        .map((each) => each.agentId),
    ).toEqual(['alice', 'bob', 'carol', 'dave'].map(agentId));
  });

  it('answers bad figures with 400 and what is wrong', async () => {
    answeredCall('c1', 'alice');
    const cases: [unknown, RegExp][] = [
      ['not json', /JSON object/],
      [{ ...figures }, /callId/],
      [{ callId: 'c1', ...figures, samples: 0 }, /samples/],
      [{ callId: 'c1', ...figures, samples: 1.5 }, /samples/],
      [{ callId: 'c1', ...figures, packetLossPercent: 120 }, /packetLossPercent/],
      [{ callId: 'c1', ...figures, mosAvg: 'good' }, /mosAvg/],
      [{ callId: 'c1', ...figures, jitterMsAvg: Number.NaN }, /jitterMsAvg/], // JSON sends null
      [{ callId: 'c1', ...figures, roundTripMsMax: null }, /both numbers or both null/],
      [{ callId: 'c1', ...figures, mosMin: 4.4 }, /mosMin: more than mosAvg/],
      [{ callId: 'c1', ...figures, degradedSamples: 43 }, /degradedSamples/],
    ];
    for (const [body, error] of cases) {
      const answer = await report(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(String(answer.body['error'])).toMatch(error);
    }
    expect(callQualityOf(store).forCall('c1')).toEqual([]);
  });

  it('accepts a call without any round-trip time', () => {
    const parsed = parseCallQualityRequest({
      callId: 'c1',
      ...figures,
      roundTripMsAvg: null,
      roundTripMsMax: null,
    });
    expect(parsed).toEqual({
      ok: true,
      callId: 'c1',
      figures: { ...figures, roundTripMsAvg: null, roundTripMsMax: null },
    });
  });
});
