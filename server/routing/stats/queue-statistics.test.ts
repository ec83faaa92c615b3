import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../manual-clock.js';
import { contactCenter, type ContactCenter } from '../routing-engine.fixture.js';
import type { HandledCall } from './queue-statistics-types.js';
import { QueueStatistics } from './queue-statistics.js';

const open: QueueStatistics[] = [];
afterEach(() => open.splice(0).forEach((statistics) => statistics.close()));

function watch(center: ContactCenter, clock = center.clock): QueueStatistics {
  const statistics = new QueueStatistics({ engine: center.engine, clock });
  open.push(statistics);
  return statistics;
}

const seconds = (n: number) => n * 1000;

/** Moves the manual clock to `at` seconds after the scenario's start. */
function at(clock: ManualClock, start: number, secondsFromStart: number): void {
  clock.advance(start + seconds(secondsFromStart) - clock.now());
}

describe('real-time queue statistics', () => {
  it('counts a morning in the support queue: answers, short and long abandons, talk and wrap-up', () => {
    const center = contactCenter({ wrapUpMs: 10_000 });
    const { clock } = center;
    const start = clock.now();
    center.queue('support', { serviceLevel: { percent: 80, withinMs: 20_000 } });
    center.agent('alice');
    center.agent('bob');
    const statistics = watch(center);
    const handled: HandledCall[] = [];
    statistics.events.on('callHandled', (call) => handled.push(call));

    center.ready('alice');
    center.call('c1', 'support'); // t=0, rings alice at once
    at(clock, start, 5);
    center.accept('alice', 'c1'); // waited 5 s: within service level
    at(clock, start, 10);
    center.call('c2', 'support'); // nobody free: waits
    at(clock, start, 20);
    center.call('c3', 'support');

    at(clock, start, 25);
    const busy = statistics.snapshot().queues[0]!;
    expect(busy).toMatchObject({
      queueId: 'support',
      waiting: 2,
      longestWaitMs: seconds(15),
      agents: { Available: 0, Offered: 0, OnCall: 1, WrapUp: 0, NotReady: 0, Offline: 1 },
    });

    at(clock, start, 28);
    center.engine.removeCall('c3'); // hung up after 8 s: a short abandon
    at(clock, start, 40);
    center.ready('bob'); // c2 rings bob
    at(clock, start, 42);
    center.accept('bob', 'c2'); // waited 32 s: outside service level
    at(clock, start, 45);
    center.call('c4', 'support');
    at(clock, start, 75);
    center.engine.removeCall('c4'); // hung up after 30 s
    at(clock, start, 100);
    center.hangUp('alice', 'c1'); // 95 s of talk, then 10 s of wrap-up
    at(clock, start, 110);
    expect(center.state('alice')).toBe('Available');
    at(clock, start, 130);
    center.hangUp('bob', 'c2'); // 88 s of talk
    at(clock, start, 135);
    center.engine.agentCommand('bob', { type: 'setAvailable' }); // ends wrap-up after 5 s
    at(clock, start, 140);

    const snapshot = statistics.snapshot();
    expect(snapshot.day).toBe('2026-01-05');
    expect(snapshot.queues).toEqual([
      {
        queueId: 'support',
        tenantId: 'demo',
        name: 'support',
        serviceLevelTarget: { percent: 80, withinMs: 20_000 },
        waiting: 0,
        longestWaitMs: 0,
        agents: { Available: 2, Offered: 0, OnCall: 0, WrapUp: 0, NotReady: 0, Offline: 0 },
        today: {
          offered: 4,
          answered: 2,
          answeredWithinServiceLevel: 1,
          abandoned: 2,
          abandonedWithinServiceLevel: 1,
          exited: 0,
          handled: 2,
          // 1 within / (2 answered + 1 abandoned after 20 s)
          serviceLevelPercent: 33.3,
          // (5 s + 32 s) / 2
          averageSpeedOfAnswerMs: 18_500,
          // 2 abandoned / (2 answered + 2 abandoned)
          abandonRatePercent: 50,
          // (95 s + 88 s) / 2
          averageTalkTimeMs: 91_500,
          // (95 + 10 s, 88 + 5 s) / 2
          averageHandleTimeMs: 99_000,
        },
      },
    ]);
    expect(snapshot.agents).toEqual([
      {
        agentId: 'alice',
        tenantId: 'demo',
        state: 'Available',
        notReadyReason: null,
        since: new Date(start + seconds(110)).toISOString(),
        timeInStateMs: seconds(30),
        queues: ['support'],
        today: { callsHandled: 1, talkTimeMs: seconds(95), handleTimeMs: seconds(105) },
      },
      {
        agentId: 'bob',
        tenantId: 'demo',
        state: 'Available',
        notReadyReason: null,
        since: new Date(start + seconds(135)).toISOString(),
        timeInStateMs: seconds(5),
        queues: ['support'],
        today: { callsHandled: 1, talkTimeMs: seconds(88), handleTimeMs: seconds(93) },
      },
    ]);
    expect(handled).toEqual([
      {
        callId: 'c1',
        queueId: 'support',
        agentId: 'alice',
        talkMs: 95_000,
        wrapUpMs: 10_000,
        at: start + seconds(110),
      },
      {
        callId: 'c2',
        queueId: 'support',
        agentId: 'bob',
        talkMs: 88_000,
        wrapUpMs: 5_000,
        at: start + seconds(135),
      },
    ]);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('shows agents by state per queue, with the Not ready reason and time in state', () => {
    const center = contactCenter();
    center.queue('sales', { requiredSkills: [{ skill: 'spanish', minLevel: 1 }] });
    center.queue('support');
    center.agent('alice', { english: 3, spanish: 2 });
    center.agent('bob', { english: 3 });
    center.agent('carol', { english: 3 });
    const statistics = watch(center);
    center.ready('alice');
    center.engine.agentCommand('bob', { type: 'login' }); // Not ready (login)
    center.clock.advance(seconds(12));
    center.engine.agentCommand('bob', { type: 'setNotReady', reason: 'lunch' });
    center.clock.advance(seconds(3));

    const snapshot = statistics.snapshot();
    const byQueue = Object.fromEntries(snapshot.queues.map((queue) => [queue.queueId, queue.agents]));
    expect(byQueue.sales).toEqual({
      Available: 1,
      Offered: 0,
      OnCall: 0,
      WrapUp: 0,
      NotReady: 0,
      Offline: 0,
    });
    expect(byQueue.support).toEqual({
      Available: 1,
      Offered: 0,
      OnCall: 0,
      WrapUp: 0,
      NotReady: 1,
      Offline: 1,
    });
    const bob = snapshot.agents.find((agent) => agent.agentId === 'bob')!;
    expect(bob).toMatchObject({ state: 'NotReady', notReadyReason: 'lunch', timeInStateMs: seconds(3) });
    expect(snapshot.agents.find((agent) => agent.agentId === 'alice')!.queues).toEqual(['sales', 'support']);
  });

  it('counts callers let go by the queue (maximum wait, overflow) as exits, not abandons', () => {
    const center = contactCenter();
    center.queue('support', { maxWaitMs: 60_000, serviceLevel: { percent: 80, withinMs: 20_000 } });
    center.queue('sales', {
      maxWaitMs: 30_000,
      overflow: { kind: 'queue', queueId: 'support' },
      serviceLevel: { percent: 80, withinMs: 20_000 },
    });
    const statistics = watch(center);
    center.call('c1', 'support');
    center.call('c2', 'sales');
    center.clock.advance(seconds(30)); // c2 overflows to support
    center.clock.advance(seconds(30)); // c1 reaches support's maximum wait
    center.clock.advance(seconds(10)); // c2 hangs up in support, 40 s after joining it
    center.engine.removeCall('c2');

    const today = Object.fromEntries(
      statistics.snapshot().queues.map((queue) => [queue.queueId, queue.today]),
    );
    expect(today.sales).toMatchObject({ offered: 1, exited: 1, abandoned: 0, serviceLevelPercent: null });
    expect(today.support).toMatchObject({
      offered: 2,
      exited: 1,
      abandoned: 1,
      abandonedWithinServiceLevel: 0,
      answered: 0,
      serviceLevelPercent: 0,
      abandonRatePercent: 100,
      averageSpeedOfAnswerMs: null,
    });
    expect(center.delegate.exits.map((exit) => exit.callId)).toEqual(['c1']);
  });

  it('counts a call whose agent lost the connection mid-call as handled, with no wrap-up', () => {
    const center = contactCenter({ wrapUpMs: 10_000 });
    center.queue('support');
    center.agent('alice');
    const statistics = watch(center);
    center.ready('alice');
    center.call('c1', 'support');
    center.accept('alice', 'c1');
    center.clock.advance(seconds(42));
    center.engine.agentCommand('alice', { type: 'connectionLost' });

    const snapshot = statistics.snapshot();
    expect(snapshot.queues[0]!.today).toMatchObject({
      handled: 1,
      averageTalkTimeMs: 42_000,
      averageHandleTimeMs: 42_000,
    });
    expect(snapshot.agents[0]).toMatchObject({ state: 'Offline', today: { callsHandled: 1 } });
  });

  it('starts again from zero at local midnight in the day time zone', () => {
    // 23:50 in Paris is 22:50 UTC: the UTC date does not change at Paris midnight.
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 22, 50));
    const center = contactCenter({ dayTimeZone: 'Europe/Paris', wrapUpMs: 0 }, clock);
    center.queue('support');
    center.agent('alice');
    const statistics = watch(center, clock);
    center.ready('alice');
    center.call('c1', 'support');
    clock.advance(seconds(2));
    center.accept('alice', 'c1');
    clock.advance(seconds(60));
    center.hangUp('alice', 'c1');
    center.engine.agentCommand('alice', { type: 'setNotReady', reason: 'break' });
    center.call('c2', 'support'); // still waiting at midnight: today's figures no longer count it

    const before = statistics.snapshot();
    expect(before.day).toBe('2026-01-05');
    expect(before.timeZone).toBe('Europe/Paris');
    expect(before.queues[0]!.today).toMatchObject({ offered: 2, answered: 1, handled: 1 });

    clock.advance(seconds(15 * 60)); // 00:06 in Paris
    const after = statistics.snapshot();
    expect(after.day).toBe('2026-01-06');
    expect(after.queues[0]!.today).toMatchObject({ offered: 0, answered: 0, handled: 0, abandoned: 0 });
    expect(after.queues[0]!.waiting).toBe(1);
    expect(after.agents[0]!.today).toEqual({ callsHandled: 0, talkTimeMs: 0, handleTimeMs: 0 });

    center.engine.removeCall('c2'); // abandoned after midnight: counts today
    expect(statistics.snapshot().queues[0]!.today).toMatchObject({ offered: 0, abandoned: 1 });
  });

  it('stops counting once closed', () => {
    const center = contactCenter();
    center.queue('support');
    const statistics = watch(center);
    statistics.close();
    statistics.close();
    center.call('c1', 'support');
    expect(statistics.snapshot().queues[0]!.today.offered).toBe(0);
  });
});
