/**
 * The agent's ACD state against the built server, with real peers: SIPp registers as alice (a desk phone),
 * which logs her in (Available); the state API sets her Not ready (lunch), a trunk caller (SIPp) then waits
 * in the queue without ringing her phone; back to Available, the waiting caller rings her phone at once and
 * she answers. Her event stream follows her state. Also: a bad body, an unknown reason, a wrong password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../support/free-port.js';
import { answerOnDeskPhone, openEventStream, registerDeskPhone, trunkCall } from '../support/call-peers.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;

beforeAll(async () => {
  tandem = await startTandem({ env: { TANDEM_CALLS_RING_TIMEOUT_SECONDS: '5' } });
});

afterAll(async () => {
  await tandem?.stop();
});

const auth = (username: string, password = 'demo') =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

async function api(path: string, body?: unknown, username = 'alice', password = 'demo') {
  const response = await fetch(`${tandem.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: auth(username, password), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the client configuration', () => {
  it('tells a client where to register without signing in', async () => {
    const response = await fetch(`${tandem.baseUrl}/api/client-config`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sipDomain: 'tandem.local',
      sipWebSocket: { ws: tandem.sip.ws, wss: tandem.sip.wss },
      microsoftSignIn: false, // teams.signIn is off by default
    });
  });
});

describe('the agent state API', () => {
  it('refuses a wrong password, a bad body and an unknown reason', async () => {
    expect((await api('/api/agent/state', undefined, 'alice', 'wrong')).status).toBe(401);
    expect((await api('/api/agent/state', { state: 'Sleeping' })).status).toBe(400);
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    const refused = await api('/api/agent/state', { state: 'NotReady', reason: 'napping' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('unknown-reason');
  });

  it('keeps a Not ready agent from being offered callers, and offers the waiting caller once Available', async () => {
    const events = await openEventStream(tandem, 'alice', 'demo');
    await expect.poll(() => events.messages[0]?.type).toBe('ready');
    const phonePort = await freeLoopbackPort();
    await registerDeskPhone(tandem, phonePort);
    await expect.poll(async () => (await api('/api/agent/state')).body.state).toBe('Available');

    const lunch = await api('/api/agent/state', { state: 'NotReady', reason: 'lunch' });
    expect(lunch.status).toBe(200);
    expect(lunch.body).toMatchObject({ state: 'NotReady', notReadyReason: 'lunch' });
    expect(lunch.body.notOfferedBecause).toEqual(['state:NotReady:lunch']);

    const phone = answerOnDeskPhone(tandem, phonePort);
    const caller = trunkCall(tandem, { service: '+15550101', timeoutMs: 30_000 });
    // The caller waits in the queue: nobody is offered it while alice is at lunch.
    await expect
      .poll(async () => (await api('/api/queues')).body.queues, { timeout: 5_000 })
      .toContainEqual(expect.objectContaining({ name: 'support', waiting: 1 }));
    expect((await api('/api/agent/state')).body.state).toBe('NotReady');

    const back = await api('/api/agent/state', { state: 'Available' });
    expect(back.status).toBe(200);
    const [callerResult, phoneResult] = await Promise.all([caller, phone]);
    expect(phoneResult.exitCode).toBe(0);
    expect(callerResult.exitCode).toBe(0);

    const states = events.messages
      .filter((message) => message.type === 'agent')
      .map((message) => message as unknown as { state: string });
    expect(states.map((message) => message.state)).toEqual(
      expect.arrayContaining(['NotReady', 'Available', 'Offered', 'OnCall']),
    );
    await expect.poll(async () => (await api('/api/agent/state')).body.state).toBe('Available');

    // The day's figures follow: one caller offered and answered in support, pushed on the event stream
    // and served by the statistics API.
    type Stats = { type: string; queues: { name: string; today: { offered: number; answered: number } }[] };
    const supportToday = (stats: Stats | undefined) =>
      stats?.queues.find((queue) => queue.name === 'support')?.today;
    await expect
      .poll(() =>
        supportToday(
          events.messages.filter((message) => message.type === 'stats').at(-1) as unknown as Stats,
        ),
      )
      .toMatchObject({ offered: 1, answered: 1 });
    const realtime = await api('/api/stats/realtime');
    expect(realtime.status).toBe(200);
    expect(supportToday(realtime.body as unknown as Stats)).toMatchObject({ offered: 1, answered: 1 });
    events.ws.close();
  });
});
