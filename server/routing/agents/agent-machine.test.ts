import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { systemClock, type Clock } from '../clock.js';
import { ManualClock } from '../manual-clock.js';
import { DEFAULT_CAPACITY } from '../skills.js';
import { AgentMachine } from './agent-machine.js';
import type { AgentChange } from './agent-machine-types.js';
import { AgentState } from './agent-state.js';

const logger = createRootLogger({ level: 'silent' });

function agent(clock: Clock, callAuditMs = 0) {
  const changes: AgentChange[] = [];
  const audits: string[] = [];
  const machine = new AgentMachine(
    {
      agentId: 'alice',
      tenantId: 'demo',
      skills: new Map([['english', 3]]),
      capacity: DEFAULT_CAPACITY,
      wrapUpMs: null,
    },
    {
      clock,
      rules: {
        ronaLimit: 2,
        maxWrapUpExtensionMs: 60_000,
        notReadyReasons: new Set(['break']),
        stateAfterLogin: 'Available',
      },
      callAuditMs,
      logger,
      delegate: {
        onAgentTransition: (change) => changes.push(change),
        onCallAuditDue: (_agentId, callId) => audits.push(callId),
      },
    },
  );
  return { machine, changes, audits };
}

function ring(machine: AgentMachine, callId: string, at: number, wrapUpMs = 20_000) {
  return machine.apply({
    type: 'offer',
    offer: { callId, queueId: 'support', offeredAt: at, ringTimeoutMs: 15_000, wrapUpMs },
  });
}

describe('an agent’s timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops ringing after the ring time and, after two misses in a row, takes the agent out (RONA)', () => {
    const clock = new ManualClock();
    const { machine, changes } = agent(clock);
    machine.apply({ type: 'login' });
    ring(machine, 'call-1', clock.now());
    clock.advance(14_999);
    expect(machine.status.state).toBe(AgentState.Offered);
    clock.advance(1);
    expect(machine.status).toMatchObject({ state: AgentState.Available, consecutiveMisses: 1 });
    expect(changes.at(-1)?.effects).toEqual([{ type: 'offerEnded', callId: 'call-1', outcome: 'rona' }]);

    ring(machine, 'call-2', clock.now());
    clock.advance(15_000);
    expect(machine.status).toMatchObject({ state: AgentState.NotReady, notReadyReason: 'rona' });
    expect(clock.pendingCount).toBe(0);
  });

  it('does not fire the ring timer of an offer that was answered', () => {
    const clock = new ManualClock();
    const { machine } = agent(clock);
    machine.apply({ type: 'login' });
    ring(machine, 'call-1', clock.now());
    clock.advance(5_000);
    machine.apply({ type: 'offerAccepted', callId: 'call-1' });
    clock.advance(60_000);
    expect(machine.status.state).toBe(AgentState.OnCall);
    expect(clock.pendingCount).toBe(0);
  });

  it('ends wrap-up on time, later when extended', () => {
    const clock = new ManualClock();
    const { machine } = agent(clock);
    machine.apply({ type: 'login' });
    ring(machine, 'call-1', clock.now());
    machine.apply({ type: 'offerAccepted', callId: 'call-1' });
    clock.advance(120_000);
    machine.apply({ type: 'callEnded', callId: 'call-1' });
    clock.advance(10_000);
    expect(machine.apply({ type: 'extendWrapUp', ms: 30_000 }).ok).toBe(true);
    clock.advance(39_999);
    expect(machine.status.state).toBe(AgentState.WrapUp);
    clock.advance(1);
    expect(machine.status.state).toBe(AgentState.Available);
    expect(machine.status.idleSince).toBe(clock.now());
  });

  it('works on the wall clock too, driven by fake timers', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 2, 2, 9) });
    const { machine } = agent(systemClock);
    machine.apply({ type: 'login' });
    ring(machine, 'call-1', Date.now());
    vi.advanceTimersByTime(15_000);
    expect(machine.status.state).toBe(AgentState.Available);
    expect(machine.status.consecutiveMisses).toBe(1);
  });

  it('asks at every audit interval whether the call it is on still exists, until the call ends', () => {
    const clock = new ManualClock();
    const { machine, audits } = agent(clock, 60_000);
    machine.apply({ type: 'login' });
    ring(machine, 'call-1', clock.now());
    machine.apply({ type: 'offerAccepted', callId: 'call-1' });
    clock.advance(180_000);
    expect(audits).toEqual(['call-1', 'call-1', 'call-1']);
    machine.apply({ type: 'callEnded', callId: 'call-1' });
    clock.advance(180_000);
    expect(audits).toHaveLength(3);
  });

  it('reports refusals as values and changes nothing', () => {
    const clock = new ManualClock();
    const { machine, changes } = agent(clock);
    const outcome = machine.apply({ type: 'setAvailable' });
    expect(outcome.ok).toBe(false);
    expect(machine.status.state).toBe(AgentState.Offline);
    expect(changes).toEqual([]);
  });

  it('reports nothing for an event that changes nothing, such as a second logout', () => {
    const clock = new ManualClock();
    const { machine, changes } = agent(clock);
    expect(machine.apply({ type: 'logout' }).ok).toBe(true);
    expect(changes).toEqual([]);
  });

  it('stops its timers when closed, twice without harm', () => {
    const clock = new ManualClock();
    const { machine } = agent(clock);
    machine.apply({ type: 'login' });
    ring(machine, 'call-1', clock.now());
    machine.close();
    machine.close();
    expect(clock.pendingCount).toBe(0);
  });
});
