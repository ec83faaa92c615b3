import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentCommand } from './agents/agent-events.js';
import { AgentState } from './agents/agent-state.js';
import { contactCenter, type ContactCenter } from './routing-engine.fixture.js';
import { meetsRequirements, type SkillRequirement } from './skills.js';

const AGENTS: Record<string, Record<string, number>> = {
  ann: { english: 3 },
  ben: { english: 5, spanish: 2 },
  cat: { spanish: 4 },
  dan: { english: 1 },
};
const QUEUES: Record<string, { requiredSkills: SkillRequirement[]; strategy: 'longest-idle' | 'ring-all' }> =
  {
    support: { requiredSkills: [{ skill: 'english', minLevel: 2 }], strategy: 'longest-idle' },
    sales: { requiredSkills: [{ skill: 'spanish', minLevel: 1 }], strategy: 'ring-all' },
  };
const agentId = fc.constantFrom(...Object.keys(AGENTS));

type Op =
  | { kind: 'call'; queues: string[]; priority: number }
  | { kind: 'hangUpCaller'; pick: number }
  | { kind: 'agent'; agentId: string; command: AgentCommand | 'accept' | 'reject' | 'endCall' }
  /** The ordinary next step of this agent's day: log in, get ready, answer, hang up. */
  | { kind: 'progress'; agentId: string }
  | { kind: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        queues: fc.subarray(Object.keys(QUEUES), { minLength: 1 }),
        priority: fc.integer({ min: 0, max: 2 }),
      })
      .map((call) => ({ kind: 'call', ...call }) as const),
  },
  fc.nat(20).map((pick) => ({ kind: 'hangUpCaller', pick }) as const),
  {
    weight: 6,
    arbitrary: fc
      .record({
        agentId,
        command: fc.constantFrom<AgentCommand | 'accept' | 'reject' | 'endCall'>(
          'accept',
          'accept',
          'reject',
          'endCall',
          'endCall',
          { type: 'login' },
          { type: 'setAvailable' },
          { type: 'setAvailable' },
          { type: 'setNotReady', reason: 'break' },
          { type: 'logout' },
          { type: 'connectionLost' },
          { type: 'presenceBusy', activity: 'InAMeeting' },
          { type: 'presenceFree' },
          { type: 'extendWrapUp', ms: 5_000 },
          { type: 'supervisorForce', supervisorId: 'sam', target: { state: AgentState.Available } },
        ),
      })
      .map((command) => ({ kind: 'agent', ...command }) as const),
  },
  { weight: 6, arbitrary: agentId.map((id) => ({ kind: 'progress', agentId: id }) as const) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((ms) => ({ kind: 'wait', ms }) as const) },
);

/** What the engine's events say: who rings with which call, who waits where. */
class Observer {
  readonly ringing = new Map<string, Set<string>>(); // callId -> agents
  readonly waiting = new Map<string, Set<string>>(); // callId -> queues
  readonly answeredBy = new Map<string, string>();

  constructor(cc: ContactCenter) {
    const { events } = cc.engine;
    events.on('callQueued', ({ callId, queueId }) => this.waitingIn(callId).add(queueId));
    events.on('callDequeued', ({ callId, queueId }) => this.waiting.get(callId)?.delete(queueId));
    events.on('callLeft', ({ callId }) => this.waiting.delete(callId));
    events.on('callOffered', ({ callId, agentId: id }) => this.ringingFor(callId).add(id));
    events.on('offerEnded', ({ callId, agentId: id }) => this.ringing.get(callId)?.delete(id));
    events.on('callAnswered', ({ callId, agentId: id }) => {
      expect(this.answeredBy.has(callId), `${callId} answered twice`).toBe(false);
      this.answeredBy.set(callId, id);
    });
  }

  private waitingIn(callId: string): Set<string> {
    const set = this.waiting.get(callId) ?? new Set<string>();
    this.waiting.set(callId, set);
    return set;
  }

  private ringingFor(callId: string): Set<string> {
    const set = this.ringing.get(callId) ?? new Set<string>();
    this.ringing.set(callId, set);
    return set;
  }
}

function checkInvariants(cc: ContactCenter, seen: Observer): void {
  const onCalls = new Map<string, string>();
  for (const id of Object.keys(AGENTS)) {
    const status = cc.engine.agentStatus(id)!;
    if (status.state === AgentState.Offered) {
      // A ringing agent rings with exactly one call, which is still waiting.
      expect(cc.engine.isWaiting(status.offer!.callId)).toBe(true);
      expect(seen.ringing.get(status.offer!.callId)?.has(id)).toBe(true);
    }
    if (status.state === AgentState.OnCall) {
      // An agent on a call has exactly one, nobody else has it, and it no longer waits.
      const callId = status.call!.callId;
      expect(onCalls.has(callId)).toBe(false);
      onCalls.set(callId, id);
      expect(cc.engine.isWaiting(callId)).toBe(false);
      expect(seen.answeredBy.get(callId)).toBe(id);
    }
  }
  for (const [callId, agents] of seen.ringing) {
    for (const id of agents) expect(cc.engine.agentStatus(id)?.offer?.callId).toBe(callId);
  }
  // No caller stuck: a waiting call nobody rings for has no free agent who may take it.
  for (const [callId, queues] of seen.waiting) {
    expect(cc.engine.isWaiting(callId)).toBe(true);
    if ((seen.ringing.get(callId)?.size ?? 0) > 0) continue;
    for (const [id, skills] of Object.entries(AGENTS)) {
      const status = cc.engine.agentStatus(id)!;
      if (status.state !== AgentState.Available || status.presence.busy) continue;
      for (const queueId of queues) {
        const qualifies = meetsRequirements(new Map(Object.entries(skills)), QUEUES[queueId]!.requiredSkills);
        expect(qualifies, `${callId} waits in ${queueId} while ${id} is free`).toBe(false);
      }
    }
  }
}

function apply(cc: ContactCenter, next: Op, calls: string[]): void {
  switch (next.kind) {
    case 'call': {
      const callId = `c${calls.length}`;
      calls.push(callId);
      cc.engine.enqueue({
        callId,
        tenantId: 'demo',
        queueIds: next.queues,
        callerNumber: '+15550001',
        priority: next.priority,
      });
      return;
    }
    case 'hangUpCaller':
      cc.engine.removeCall(calls[next.pick % Math.max(1, calls.length)] ?? 'none');
      return;
    case 'wait':
      cc.clock.advance(next.ms);
      return;
    case 'progress': {
      const status = cc.engine.agentStatus(next.agentId)!;
      const own = status.offer?.callId ?? status.call?.callId ?? 'none';
      const command: AgentCommand = {
        [AgentState.Offline]: { type: 'login' } as const,
        [AgentState.NotReady]: { type: 'setAvailable' } as const,
        [AgentState.WrapUp]: { type: 'setAvailable' } as const,
        [AgentState.Available]: { type: 'presenceFree' } as const,
        [AgentState.Offered]: { type: 'offerAccepted', callId: own } as const,
        [AgentState.OnCall]: { type: 'callEnded', callId: own } as const,
      }[status.state];
      cc.engine.agentCommand(next.agentId, command);
      return;
    }
    case 'agent': {
      const status = cc.engine.agentStatus(next.agentId)!;
      const own = status.offer?.callId ?? status.call?.callId ?? 'none';
      const command: AgentCommand =
        next.command === 'accept'
          ? { type: 'offerAccepted', callId: own }
          : next.command === 'reject'
            ? { type: 'offerRejected', callId: own }
            : next.command === 'endCall'
              ? { type: 'callEnded', callId: own }
              : next.command;
      cc.engine.agentCommand(next.agentId, command);
    }
  }
}

describe('the routing engine under random traffic', () => {
  it('keeps offers, calls and agents consistent and never leaves a caller waiting beside a free agent', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 120, size: 'max' }), (ops) => {
        const cc = contactCenter({ reofferSameAgentAfterMs: 0, wrapUpMs: 5_000, ringTimeoutMs: 10_000 });
        for (const [id, settings] of Object.entries(QUEUES)) cc.queue(id, settings);
        for (const [id, skills] of Object.entries(AGENTS)) cc.agent(id, skills);
        const seen = new Observer(cc);
        const calls: string[] = [];
        for (const next of ops) {
          expect(() => apply(cc, next, calls)).not.toThrow();
          checkInvariants(cc, seen);
        }
        answered += seen.answeredBy.size;
        // Everyone hangs up and logs out: nothing is left waiting, ringing or timing.
        for (const callId of calls) cc.engine.removeCall(callId);
        for (const id of Object.keys(AGENTS)) cc.engine.agentCommand(id, { type: 'connectionLost' });
        expect(seen.waiting.size).toBe(0);
        expect([...seen.ringing.values()].every((agents) => agents.size === 0)).toBe(true);
        expect(cc.clock.pendingCount).toBe(0);
      }),
      { numRuns: 200 },
    );
    expect(answered).toBeGreaterThan(100);
  });
});
