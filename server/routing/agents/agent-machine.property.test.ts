import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { ManualClock } from '../manual-clock.js';
import { DEFAULT_CAPACITY } from '../skills.js';
import type { AgentEvent } from './agent-events.js';
import { AgentMachine } from './agent-machine.js';
import { AgentState, type AgentStatus } from './agent-state.js';
import { transitionAgent, type AgentRules } from './agent-transitions.js';

const rules: AgentRules = {
  ronaLimit: 3,
  maxWrapUpExtensionMs: 60_000,
  notReadyReasons: new Set(['break', 'lunch']),
  stateAfterLogin: 'NotReady',
};

type Step =
  | { kind: 'event'; event: AgentEvent }
  /** The n-th of the events that move this state along its ordinary path (see `progress`). */
  | { kind: 'progress'; pick: number }
  | { kind: 'wait'; ms: number };

/** Ordinary next events per state, so that runs reach calls and wrap-ups often, not by luck. */
function progress(status: AgentStatus, fresh: string, pick: number): AgentEvent {
  const own = status.offer?.callId ?? status.call?.callId ?? 'none';
  const options: Record<AgentState, AgentEvent[]> = {
    [AgentState.Offline]: [{ type: 'login' }],
    [AgentState.NotReady]: [{ type: 'setAvailable' }, { type: 'setNotReady', reason: 'lunch' }],
    [AgentState.Available]: [
      {
        type: 'offer',
        offer: { callId: fresh, queueId: 'q', offeredAt: 0, ringTimeoutMs: 10_000, wrapUpMs: 5_000 },
      },
      {
        type: 'offer',
        offer: { callId: fresh, queueId: 'q', offeredAt: 0, ringTimeoutMs: 10_000, wrapUpMs: 0 },
      },
    ],
    [AgentState.Offered]: [
      { type: 'offerAccepted', callId: own },
      { type: 'offerAccepted', callId: own },
      { type: 'offerRejected', callId: own },
    ],
    [AgentState.OnCall]: [
      { type: 'callEnded', callId: own },
      { type: 'setNotReady', reason: 'break' },
      { type: 'logout' },
    ],
    [AgentState.WrapUp]: [
      { type: 'wrapUpExpired' },
      { type: 'extendWrapUp', ms: 10_000 },
      { type: 'setAvailable' },
    ],
  };
  const choices = options[status.state];
  return choices[pick % choices.length]!;
}

/** Mostly the agent's own call (resolved when applied), sometimes a stale or unknown one. */
const CURRENT = 'current';
const callId = fc.constantFrom(CURRENT, CURRENT, CURRENT, 'c1', 'c2');

function resolveCall(event: AgentEvent, status: AgentStatus, fresh: string): AgentEvent {
  const own = status.offer?.callId ?? status.call?.callId ?? 'c9';
  if (event.type === 'offer' && event.offer.callId === CURRENT) {
    return { ...event, offer: { ...event.offer, callId: fresh } };
  }
  if ('callId' in event && event.callId === CURRENT) return { ...event, callId: own };
  return event;
}
const event: fc.Arbitrary<AgentEvent> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ type: 'login' } as const) },
  fc.constant({ type: 'logout' } as const),
  { weight: 5, arbitrary: fc.constant({ type: 'setAvailable' } as const) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('break', 'lunch', 'nap', 'rona')
      .map((reason) => ({ type: 'setNotReady', reason }) as const),
  },
  {
    weight: 5,
    arbitrary: fc.record({ callId, wrapUpMs: fc.constantFrom(0, 5_000, 30_000) }).map(
      ({ callId: id, wrapUpMs }) =>
        ({
          type: 'offer',
          offer: { callId: id, queueId: 'q', offeredAt: 0, ringTimeoutMs: 10_000, wrapUpMs },
        }) as const,
    ),
  },
  { weight: 5, arbitrary: callId.map((id) => ({ type: 'offerAccepted', callId: id }) as const) },
  callId.map((id) => ({ type: 'offerRejected', callId: id }) as const),
  callId.map((id) => ({ type: 'ringTimeout', callId: id }) as const),
  callId.map((id) => ({ type: 'offerWithdrawn', callId: id }) as const),
  { weight: 8, arbitrary: callId.map((id) => ({ type: 'callEnded', callId: id }) as const) },
  fc.constant({ type: 'wrapUpExpired' } as const),
  fc.integer({ min: -1_000, max: 50_000 }).map((ms) => ({ type: 'extendWrapUp', ms }) as const),
  fc.constant({ type: 'connectionLost' } as const),
  fc
    .constantFrom('InAMeeting', 'Presenting')
    .map((activity) => ({ type: 'presenceBusy', activity }) as const),
  fc.constant({ type: 'presenceFree' } as const),
  fc.constantFrom(AgentState.Available, AgentState.NotReady, AgentState.Offline).map(
    (state) =>
      ({
        type: 'supervisorForce',
        supervisorId: 'sam',
        target: state === AgentState.NotReady ? { state, reason: 'break' } : { state },
      }) as AgentEvent,
  ),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: event.map((e) => ({ kind: 'event', event: e }) as const) },
  { weight: 4, arbitrary: fc.nat(11).map((pick) => ({ kind: 'progress', pick }) as const) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((ms) => ({ kind: 'wait', ms }) as const) },
);

/** The invariants of a status; returns the first one broken, or null. */
function brokenInvariant(status: AgentStatus, now: number): string | null {
  const { state } = status;
  const onCallLike = state === AgentState.OnCall || state === AgentState.WrapUp;
  if ((state === AgentState.Offered) !== (status.offer !== null)) return 'an offer exactly when Offered';
  if (onCallLike !== (status.call !== null)) return 'exactly one call when OnCall or WrapUp, none otherwise';
  if ((state === AgentState.WrapUp) !== (status.wrapUpEndsAt !== null))
    return 'a wrap-up end exactly in WrapUp';
  if ((state === AgentState.NotReady) !== (status.notReadyReason !== null))
    return 'a reason exactly in NotReady';
  if (status.afterCall !== null && !onCallLike) return 'a pending after-call choice only during a call';
  const idle = state === AgentState.Available || state === AgentState.Offered;
  if (idle !== (status.idleSince !== null)) return 'an idle time exactly when Available or Offered';
  if (status.consecutiveMisses >= rules.ronaLimit) return 'misses below the RONA limit';
  if (state === AgentState.Offline && status.consecutiveMisses !== 0) return 'no misses carried over logout';
  if (status.since > now) return 'entered a state in the past';
  return null;
}

/** Events that could move the agent on from this status, using its own call. */
function exitsFrom(status: AgentStatus): AgentEvent[] {
  const current = status.offer?.callId ?? status.call?.callId ?? 'none';
  return [
    { type: 'login' },
    { type: 'setAvailable' },
    { type: 'offerAccepted', callId: current },
    { type: 'offerRejected', callId: current },
    { type: 'ringTimeout', callId: current },
    { type: 'callEnded', callId: current },
    { type: 'wrapUpExpired' },
    { type: 'presenceFree' },
  ];
}

/** Breadth-first: can the agent reach Available within `depth` events? */
function canReachAvailable(start: AgentStatus, depth: number): boolean {
  let frontier = [start];
  for (let level = 0; level <= depth; level++) {
    if (frontier.some((status) => status.state === AgentState.Available)) return true;
    frontier = frontier.flatMap((status) =>
      exitsFrom(status).flatMap((next) => {
        const outcome = transitionAgent(status, next, { now: status.since, rules });
        return outcome.ok ? [outcome.value.status] : [];
      }),
    );
  }
  return false;
}

describe('an agent under random events', () => {
  it('never breaks an invariant, never gets stuck, and always has a timer when waiting on one', () => {
    const visited = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
        const clock = new ManualClock();
        const machine = new AgentMachine(
          { agentId: 'a', tenantId: 't', skills: new Map(), capacity: DEFAULT_CAPACITY, wrapUpMs: null },
          {
            clock,
            rules,
            callAuditMs: 0,
            logger: createRootLogger({ level: 'silent' }),
            delegate: { onAgentTransition: () => undefined, onCallAuditDue: () => undefined },
          },
        );
        let calls = 0;
        for (const next of steps) {
          if (next.kind === 'wait') clock.advance(next.ms);
          else {
            const fresh = `n${calls++}`;
            const applied =
              next.kind === 'progress'
                ? progress(machine.status, fresh, next.pick)
                : resolveCall(next.event, machine.status, fresh);
            expect(() => machine.apply(applied)).not.toThrow();
          }
          const status = machine.status;
          visited.add(status.afterCall ? `${status.state}+afterCall` : status.state);
          expect(brokenInvariant(status, clock.now())).toBeNull();
          // Out of every state: connectionLost always reaches Offline...
          const lost = transitionAgent(status, { type: 'connectionLost' }, { now: clock.now(), rules });
          expect(lost.ok && lost.value.status.state).toBe(AgentState.Offline);
          // ...and a few ordinary events reach Available.
          expect(canReachAvailable(status, 4)).toBe(true);
          // States that end by themselves have their timer running.
          if (status.state === AgentState.Offered || status.state === AgentState.WrapUp) {
            expect(clock.pendingCount).toBeGreaterThan(0);
          }
        }
        // Left alone for a day, nobody rings for ever and no wrap-up lasts for ever.
        clock.advance(24 * 3_600_000);
        expect([AgentState.Offered, AgentState.WrapUp]).not.toContain(machine.status.state);
      }),
      { numRuns: 300 },
    );
    // The runs went everywhere, so the checks above were not vacuous.
    expect([...visited].sort()).toEqual([
      'Available',
      'NotReady',
      'Offered',
      'Offline',
      'OnCall',
      'OnCall+afterCall',
      'WrapUp',
      'WrapUp+afterCall',
    ]);
  });
});
