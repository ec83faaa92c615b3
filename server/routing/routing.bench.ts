/**
 * How fast the routing engine decides, on one core, with a manual clock (no wall-clock timers).
 * Run: npx tsx server/routing/routing.bench.ts   (add --expose-gc through NODE_OPTIONS for steadier memory)
 *
 * 1. Picking an agent: 1,000 agents and 100 queues, every agent free; a caller arrives in a queue
 *    and the queue's strategy picks one of its ~150 free members.
 * 2. Issue 5's figures: 10,000 agents, 1,000 queues, 5,000 callers waiting, and a mix of events
 *    (arrivals, answers, hang-ups, abandons, agents' state changes). Targets: routing decision p99
 *    under 1 ms, at least 50,000 events per second, memory reported.
 */
import { createRootLogger } from '../shared/logger.js';
import { ManualClock } from './manual-clock.js';
import { queueConfig, QUEUE_STRATEGIES } from './queues/queue-config.js';
import { RoutingEngine } from './routing-engine.js';
import type { CallOffer, RoutingDelegate } from './routing-engine-types.js';

/** Deterministic pseudo-random numbers (mulberry32), so that every run measures the same work. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A set with O(1) add, delete and random pick. */
class Bag<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<T, number>();
  get size(): number {
    return this.items.length;
  }
  add(item: T): void {
    if (this.index.has(item)) return;
    this.index.set(item, this.items.length);
    this.items.push(item);
  }
  delete(item: T): void {
    const at = this.index.get(item);
    if (at === undefined) return;
    const last = this.items.pop()!;
    this.index.delete(item);
    if (last !== item) {
      this.items[at] = last;
      this.index.set(last, at);
    }
  }
  pick(rnd: () => number): T | undefined {
    return this.items[Math.floor(rnd() * this.items.length)];
  }
}

interface World {
  engine: RoutingEngine;
  clock: ManualClock;
  offered: Bag<CallOffer>;
  onCall: Map<string, string>;
  onCallAgents: Bag<string>;
  waiting: Bag<string>;
  offersMade: { count: number };
}

function buildWorld(
  agents: number,
  queues: number,
  skills: number,
  rnd: () => number,
  singlePick: boolean,
): World {
  const clock = new ManualClock();
  const offered = new Bag<CallOffer>();
  const offersMade = { count: 0 };
  const delegate: RoutingDelegate = {
    offerCall: (offer) => {
      offersMade.count++;
      offered.add(offer);
    },
    withdrawOffer: (offer) => offered.delete(offer),
    callLeftQueues: () => undefined,
    isCallActive: () => true,
  };
  const engine = new RoutingEngine({
    delegate,
    clock,
    logger: createRootLogger({ level: 'silent' }),
    options: { wrapUpMs: 0, stateAfterLogin: 'Available', reofferSameAgentAfterMs: 0 },
  });
  const strategies = singlePick ? QUEUE_STRATEGIES.filter((name) => name !== 'ring-all') : QUEUE_STRATEGIES;
  for (let q = 0; q < queues; q++) {
    engine.addQueue(
      queueConfig({
        id: `q${q}`,
        tenantId: 't',
        name: `queue ${q}`,
        priority: q % 3,
        strategy: strategies[q % strategies.length]!,
        requiredSkills: [{ skill: `s${q % skills}`, minLevel: 1 + (q % 3) }],
        skillsExpansion: [{ afterMs: 60_000, requiredSkills: [{ skill: `s${q % skills}`, minLevel: 1 }] }],
      }),
    );
  }
  for (let a = 0; a < agents; a++) {
    const agentSkills = new Map<string, number>();
    while (agentSkills.size < 5) agentSkills.set(`s${Math.floor(rnd() * skills)}`, 1 + Math.floor(rnd() * 5));
    engine.addAgent({
      agentId: `a${a}`,
      tenantId: 't',
      skills: agentSkills,
      capacity: { voice: 1 },
      wrapUpMs: null,
    });
  }
  const world: World = {
    engine,
    clock,
    offered,
    onCall: new Map(),
    onCallAgents: new Bag(),
    waiting: new Bag(),
    offersMade,
  };
  engine.events.on('callAnswered', ({ callId, agentId }) => {
    world.onCall.set(agentId, callId);
    world.onCallAgents.add(agentId);
  });
  engine.events.on('callQueued', ({ callId }) => world.waiting.add(callId));
  engine.events.on('callLeft', ({ callId }) => world.waiting.delete(callId));
  engine.events.on('offerEnded', (offer) => offered.delete(offer));
  return world;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function report(label: string, samplesNs: number[]): { p99Us: number } {
  const sorted = Float64Array.from(samplesNs).sort();
  const us = (ns: number) => ns / 1000;
  const mean = samplesNs.reduce((sum, value) => sum + value, 0) / samplesNs.length;
  const p99Us = us(percentile(sorted, 0.99));
  console.log(
    `${label.padEnd(44)} n=${String(samplesNs.length).padStart(7)}  mean ${us(mean).toFixed(1).padStart(6)} µs` +
      `  p50 ${us(percentile(sorted, 0.5)).toFixed(1).padStart(6)} µs  p99 ${p99Us.toFixed(1).padStart(6)} µs` +
      `  max ${us(sorted[sorted.length - 1]!)
        .toFixed(0)
        .padStart(6)} µs`,
  );
  return { p99Us };
}

function timed(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started);
}

function memoryMb(): { heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed / 2 ** 20, rss: usage.rss / 2 ** 20 };
}

function pickAnAgent(): void {
  console.log('\n1. Picking an agent: 1,000 agents, 100 queues, all agents free');
  const rnd = random(1);
  const world = buildWorld(1_000, 100, 20, rnd, true);
  const { engine } = world;
  for (let a = 0; a < 1_000; a++) engine.agentCommand(`a${a}`, { type: 'login' });
  const samples: number[] = [];
  for (let i = 0; i < 30_000; i++) {
    const callId = `c${i}`;
    const queueId = `q${Math.floor(rnd() * 100)}`;
    const before = world.offersMade.count;
    const ns = timed(() => {
      engine.enqueue({ callId, tenantId: 't', queueIds: [queueId], callerNumber: '+15550001' });
    });
    if (i >= 3_000 && world.offersMade.count > before) samples.push(ns); // after warm-up
    for (let offer = world.offered.pick(rnd); offer; offer = world.offered.pick(rnd)) {
      engine.agentCommand(offer.agentId, { type: 'offerAccepted', callId: offer.callId });
      engine.agentCommand(offer.agentId, { type: 'callEnded', callId: offer.callId });
    }
    world.clock.advance(10);
  }
  report('caller arrives -> agent picked and offered', samples);
}

function issueMix(): void {
  console.log('\n2. Issue 5 figures: 10,000 agents, 1,000 queues, 5,000 waiting callers, mixed events');
  const rnd = random(2);
  const memoryBefore = memoryMb();
  const world = buildWorld(10_000, 1_000, 100, rnd, false);
  const { engine, clock } = world;
  let calls = 0;
  const arrive = () => {
    const first = `q${Math.floor(rnd() * 1_000)}`;
    const queueIds = rnd() < 0.2 ? [first, `q${Math.floor(rnd() * 1_000)}`] : [first];
    engine.enqueue({
      callId: `c${calls++}`,
      tenantId: 't',
      queueIds,
      callerNumber: '+15550001',
      priority: rnd() < 0.05 ? 5 : 0,
    });
  };
  for (let a = 0; a < 10_000; a++) engine.agentCommand(`a${a}`, { type: 'login' });
  // Fill: every agent busy, then 5,000 callers waiting.
  while (world.waiting.size < 5_000 + world.offered.size) {
    arrive();
    for (let k = 0; k < 4 && world.offered.size > 0; k++) {
      const offer = world.offered.pick(rnd)!;
      engine.agentCommand(offer.agentId, { type: 'offerAccepted', callId: offer.callId });
    }
  }
  const memoryAfter = memoryMb();
  console.log(
    `setup: ${world.onCall.size} agents on calls, ${world.offered.size} ringing, ${world.waiting.size} callers waiting;` +
      ` heap ${(memoryAfter.heap - memoryBefore.heap).toFixed(0)} MB for the engine (rss ${memoryAfter.rss.toFixed(0)} MB)`,
  );

  const all: number[] = [];
  const decisions: number[] = [];
  const kinds = { arrival: 0, answer: 0, hangup: 0, abandon: 0, state: 0 };
  const events = 200_000;
  let engineNs = 0;
  for (let i = 0; i < events; i++) {
    const roll = rnd();
    const before = world.offersMade.count;
    let ns: number;
    if (roll < 0.27 || world.waiting.size < 4_500) {
      kinds.arrival++;
      ns = timed(arrive);
    } else if (roll < 0.52 && world.offered.size > 0) {
      kinds.answer++;
      const offer = world.offered.pick(rnd)!;
      ns = timed(() => engine.agentCommand(offer.agentId, { type: 'offerAccepted', callId: offer.callId }));
    } else if (roll < 0.77 && world.onCallAgents.size > 0) {
      kinds.hangup++;
      const agentId = world.onCallAgents.pick(rnd)!;
      const callId = world.onCall.get(agentId)!;
      world.onCall.delete(agentId);
      world.onCallAgents.delete(agentId);
      ns = timed(() => engine.agentCommand(agentId, { type: 'callEnded', callId }));
    } else if (roll < 0.85 && world.waiting.size > 0) {
      kinds.abandon++;
      const callId = world.waiting.pick(rnd)!;
      ns = timed(() => engine.removeCall(callId));
    } else {
      kinds.state++;
      const agentId = `a${Math.floor(rnd() * 10_000)}`;
      const state = engine.agentStatus(agentId)?.state;
      const command =
        state === 'NotReady'
          ? ({ type: 'setAvailable' } as const)
          : ({ type: 'setNotReady', reason: 'break' } as const);
      ns = timed(() => engine.agentCommand(agentId, command));
    }
    engineNs += ns;
    all.push(ns);
    if (world.offersMade.count > before) decisions.push(ns);
    clock.advance(1);
  }
  const memoryEnd = memoryMb();
  console.log(`events: ${JSON.stringify(kinds)}; ${world.waiting.size} callers still waiting`);
  report('any event', all);
  const { p99Us } = report('events that made a routing decision (offer)', decisions);
  const perSecond = events / (engineNs / 1e9);
  console.log(
    `throughput: ${Math.round(perSecond).toLocaleString('en-US')} events/s on one core` +
      ` (target 50,000: ${(perSecond / 50_000).toFixed(1)}x)`,
  );
  console.log(
    `routing decision p99: ${p99Us.toFixed(1)} µs (target 1,000 µs: ${(1_000 / p99Us).toFixed(1)}x headroom)`,
  );
  console.log(
    `memory after the run: heap ${memoryEnd.heap.toFixed(0)} MB, rss ${memoryEnd.rss.toFixed(0)} MB`,
  );
  engine.close();
}

console.log(`Node ${process.version}, one process, manual clock`);
pickAnAgent();
issueMix();
