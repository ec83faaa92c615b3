import { describe, expect, it } from 'vitest';
import { AGENT_EVENT_TYPES, type AgentEvent, type AgentEventType } from './agent-events.js';
import { AGENT_STATES, AgentState, offlineStatus, type AgentStatus } from './agent-state.js';
import { AgentTransitionError, type AgentTransitionErrorCode } from './agent-transition-error.js';
import { isDefinedTransition, transitionAgent, type AgentRules } from './agent-transitions.js';

const rules: AgentRules = {
  ronaLimit: 2,
  maxWrapUpExtensionMs: 60_000,
  notReadyReasons: new Set(['break', 'lunch', 'training']),
  stateAfterLogin: 'NotReady',
};

const T0 = 1_000_000;

/** Applies events from Offline and fails the test on a refusal: the path itself is under test too. */
function walk(events: readonly AgentEvent[], start: AgentStatus = offlineStatus(T0), at = T0): AgentStatus {
  let status = start;
  events.forEach((event, index) => {
    const outcome = transitionAgent(status, event, { now: at + index * 1000, rules });
    if (!outcome.ok) throw outcome.error;
    status = outcome.value.status;
  });
  return status;
}

const offer = (callId = 'call-1', wrapUpMs = 10_000): AgentEvent => ({
  type: 'offer',
  offer: { callId, queueId: 'support', offeredAt: T0, ringTimeoutMs: 15_000, wrapUpMs },
});

const pathTo: Record<AgentState, readonly AgentEvent[]> = {
  [AgentState.Offline]: [],
  [AgentState.NotReady]: [{ type: 'login' }],
  [AgentState.Available]: [{ type: 'login' }, { type: 'setAvailable' }],
  [AgentState.Offered]: [{ type: 'login' }, { type: 'setAvailable' }, offer()],
  [AgentState.OnCall]: [
    { type: 'login' },
    { type: 'setAvailable' },
    offer(),
    { type: 'offerAccepted', callId: 'call-1' },
  ],
  [AgentState.WrapUp]: [
    { type: 'login' },
    { type: 'setAvailable' },
    offer(),
    { type: 'offerAccepted', callId: 'call-1' },
    { type: 'callEnded', callId: 'call-1' },
  ],
};

/** One plausible event of each type, naming the call the agent is busy with. */
const sampleEvent: Record<AgentEventType, AgentEvent> = {
  login: { type: 'login' },
  logout: { type: 'logout' },
  setAvailable: { type: 'setAvailable' },
  setNotReady: { type: 'setNotReady', reason: 'break' },
  offer: offer('call-2'),
  offerAccepted: { type: 'offerAccepted', callId: 'call-1' },
  offerRejected: { type: 'offerRejected', callId: 'call-1' },
  ringTimeout: { type: 'ringTimeout', callId: 'call-1' },
  offerWithdrawn: { type: 'offerWithdrawn', callId: 'call-1' },
  callEnded: { type: 'callEnded', callId: 'call-1' },
  wrapUpExpired: { type: 'wrapUpExpired' },
  extendWrapUp: { type: 'extendWrapUp', ms: 30_000 },
  connectionLost: { type: 'connectionLost' },
  presenceBusy: { type: 'presenceBusy', activity: 'InAMeeting' },
  presenceFree: { type: 'presenceFree' },
  supervisorForce: {
    type: 'supervisorForce',
    supervisorId: 'sam',
    target: { state: AgentState.NotReady, reason: 'training' },
  },
};

const X = 'illegal-transition' as const;
const { Offline, Available, Offered, OnCall, WrapUp, NotReady } = AgentState;

/** The whole machine: every (state, event) pair leads to a state or to a typed refusal. */
const expected: Record<AgentState, Record<AgentEventType, AgentState | AgentTransitionErrorCode>> = {
  // prettier-ignore
  [Offline]: {
    login: NotReady, logout: Offline, setAvailable: X, setNotReady: X, offer: X, offerAccepted: X,
    offerRejected: X, ringTimeout: X, offerWithdrawn: X, callEnded: X, wrapUpExpired: X, extendWrapUp: X,
    connectionLost: Offline, presenceBusy: Offline, presenceFree: Offline, supervisorForce: 'not-logged-in',
  },
  // prettier-ignore
  [Available]: {
    login: X, logout: Offline, setAvailable: Available, setNotReady: NotReady, offer: Offered, offerAccepted: X,
    offerRejected: X, ringTimeout: X, offerWithdrawn: X, callEnded: X, wrapUpExpired: X, extendWrapUp: X,
    connectionLost: Offline, presenceBusy: Available, presenceFree: Available, supervisorForce: NotReady,
  },
  // prettier-ignore
  [Offered]: {
    login: X, logout: Offline, setAvailable: X, setNotReady: NotReady, offer: X, offerAccepted: OnCall,
    offerRejected: Available, ringTimeout: Available, offerWithdrawn: Available, callEnded: X, wrapUpExpired: X,
    extendWrapUp: X, connectionLost: Offline, presenceBusy: Available, presenceFree: Offered,
    supervisorForce: NotReady,
  },
  // prettier-ignore
  [OnCall]: {
    login: X, logout: OnCall, setAvailable: OnCall, setNotReady: OnCall, offer: X, offerAccepted: X,
    offerRejected: X, ringTimeout: X, offerWithdrawn: X, callEnded: WrapUp, wrapUpExpired: X, extendWrapUp: X,
    connectionLost: Offline, presenceBusy: OnCall, presenceFree: OnCall, supervisorForce: NotReady,
  },
  // prettier-ignore
  [WrapUp]: {
    login: X, logout: Offline, setAvailable: Available, setNotReady: NotReady, offer: X, offerAccepted: X,
    offerRejected: X, ringTimeout: X, offerWithdrawn: X, callEnded: X, wrapUpExpired: Available,
    extendWrapUp: WrapUp, connectionLost: Offline, presenceBusy: WrapUp, presenceFree: WrapUp,
    supervisorForce: NotReady,
  },
  // prettier-ignore
  [NotReady]: {
    login: X, logout: Offline, setAvailable: Available, setNotReady: NotReady, offer: X, offerAccepted: X,
    offerRejected: X, ringTimeout: X, offerWithdrawn: X, callEnded: X, wrapUpExpired: X, extendWrapUp: X,
    connectionLost: Offline, presenceBusy: NotReady, presenceFree: NotReady, supervisorForce: NotReady,
  },
};

describe('agent transition table', () => {
  const pairs = AGENT_STATES.flatMap((state) => AGENT_EVENT_TYPES.map((type) => [state, type] as const));

  it('covers all 6 states x 16 events', () => {
    expect(pairs).toHaveLength(96);
  });

  it.each(pairs)('%s + %s: a defined transition or a typed refusal', (state, type) => {
    const before = walk(pathTo[state]);
    expect(before.state).toBe(state);
    const snapshot = structuredClone(before);
    const outcome = transitionAgent(before, sampleEvent[type], { now: T0 + 60_000, rules });
    const want = expected[state][type];
    if (outcome.ok) {
      expect(outcome.value.status.state).toBe(want);
    } else {
      expect(outcome.error).toBeInstanceOf(AgentTransitionError);
      expect(outcome.error.code).toBe(want);
      expect(outcome.error.state).toBe(state);
      expect(outcome.error.event).toBe(type);
    }
    // The status passed in is never modified, whatever the outcome.
    expect(before).toEqual(snapshot);
    expect(isDefinedTransition(state, type)).toBe(want !== X);
  });

  it('gives every state a way out', () => {
    for (const state of AGENT_STATES) {
      const exits = Object.values(expected[state]).filter((next) => next !== state && next in expected);
      expect(exits.length, state).toBeGreaterThan(0);
    }
  });
});

describe('agent transitions in detail', () => {
  it('refuses an answer, a decline or a hang-up that names another call', () => {
    const offered = walk(pathTo.Offered);
    for (const type of ['offerAccepted', 'offerRejected', 'ringTimeout', 'offerWithdrawn'] as const) {
      const outcome = transitionAgent(offered, { type, callId: 'other' }, { now: T0, rules });
      expect(outcome.ok ? null : outcome.error.code).toBe('wrong-call');
    }
    const onCall = walk(pathTo.OnCall);
    const ended = transitionAgent(onCall, { type: 'callEnded', callId: 'other' }, { now: T0, rules });
    expect(ended.ok ? null : ended.error.code).toBe('wrong-call');
  });

  it('accepts only configured not-ready reasons from agents, and refuses reserved ones', () => {
    const available = walk(pathTo.Available);
    const unknown = transitionAgent(available, { type: 'setNotReady', reason: 'nap' }, { now: T0, rules });
    expect(unknown.ok ? null : unknown.error.code).toBe('unknown-reason');
    const reserved = transitionAgent(available, { type: 'setNotReady', reason: 'rona' }, { now: T0, rules });
    expect(reserved.ok ? null : reserved.error.code).toBe('unknown-reason');
    expect(walk([{ type: 'setNotReady', reason: 'lunch' }], available).notReadyReason).toBe('lunch');
  });

  it('does not offer a call to an agent busy in Teams, and withdraws a ringing one', () => {
    const busy = walk([{ type: 'presenceBusy', activity: 'Presenting' }], walk(pathTo.Available));
    const refused = transitionAgent(busy, offer(), { now: T0, rules });
    expect(refused.ok ? null : refused.error.code).toBe('presence-busy');

    const ringing = walk(pathTo.Offered);
    const outcome = transitionAgent(
      ringing,
      { type: 'presenceBusy', activity: 'InACall' },
      { now: T0, rules },
    );
    expect(outcome.ok && outcome.value.status.state).toBe(Available);
    expect(outcome.ok && outcome.value.effects).toEqual([
      { type: 'offerEnded', callId: 'call-1', outcome: 'agent-unavailable' },
    ]);
  });

  it('moves an agent to NotReady "rona" after the configured number of missed offers in a row', () => {
    let status = walk([...pathTo.Offered, { type: 'ringTimeout', callId: 'call-1' }]);
    expect(status.state).toBe(Available);
    expect(status.consecutiveMisses).toBe(1);
    status = walk([offer('call-2'), { type: 'ringTimeout', callId: 'call-2' }], status);
    expect(status).toMatchObject({ state: NotReady, notReadyReason: 'rona', consecutiveMisses: 0 });
  });

  it('resets the miss count when an offer is answered', () => {
    const status = walk([
      ...pathTo.Offered,
      { type: 'ringTimeout', callId: 'call-1' },
      offer('call-2'),
      { type: 'offerAccepted', callId: 'call-2' },
    ]);
    expect(status.consecutiveMisses).toBe(0);
  });

  it('keeps an agent’s place in the idle line after an unanswered offer, and resets it after a call', () => {
    const available = walk(pathTo.Available);
    const afterMiss = walk([offer(), { type: 'offerRejected', callId: 'call-1' }], available, T0 + 50_000);
    expect(afterMiss.idleSince).toBe(available.idleSince);
    const afterCall = walk(
      [
        offer(),
        { type: 'offerAccepted', callId: 'call-1' },
        { type: 'callEnded', callId: 'call-1' },
        { type: 'wrapUpExpired' },
      ],
      available,
      T0 + 90_000,
    );
    expect(afterCall.idleSince).toBe(T0 + 93_000);
  });

  it('applies a choice made during the call once the call and its wrap-up are over', () => {
    const onCall = walk(pathTo.OnCall);
    const toBreak = walk(
      [
        { type: 'setNotReady', reason: 'break' },
        { type: 'callEnded', callId: 'call-1' },
      ],
      onCall,
    );
    expect(toBreak.state).toBe(WrapUp);
    expect(walk([{ type: 'wrapUpExpired' }], toBreak)).toMatchObject({
      state: NotReady,
      notReadyReason: 'break',
    });

    const toOffline = walk(
      [{ type: 'logout' }, { type: 'callEnded', callId: 'call-1' }, { type: 'wrapUpExpired' }],
      onCall,
    );
    expect(toOffline.state).toBe(Offline);

    const changedMind = walk(
      [
        { type: 'logout' },
        { type: 'setAvailable' },
        { type: 'callEnded', callId: 'call-1' },
        { type: 'wrapUpExpired' },
      ],
      onCall,
    );
    expect(changedMind.state).toBe(Available);
  });

  it('skips wrap-up when the call has none', () => {
    const status = walk([
      { type: 'login' },
      { type: 'setAvailable' },
      offer('call-1', 0),
      { type: 'offerAccepted', callId: 'call-1' },
      { type: 'callEnded', callId: 'call-1' },
    ]);
    expect(status.state).toBe(Available);
  });

  it('extends wrap-up up to the configured total, and no further', () => {
    const wrapUp = walk(pathTo.WrapUp);
    const extended = walk([{ type: 'extendWrapUp', ms: 40_000 }], wrapUp);
    expect(extended.wrapUpEndsAt).toBe((wrapUp.wrapUpEndsAt ?? 0) + 40_000);
    const tooMuch = transitionAgent(extended, { type: 'extendWrapUp', ms: 30_000 }, { now: T0, rules });
    expect(tooMuch.ok ? null : tooMuch.error.code).toBe('wrap-up-limit');
    const negative = transitionAgent(wrapUp, { type: 'extendWrapUp', ms: -5 }, { now: T0, rules });
    expect(negative.ok ? null : negative.error.code).toBe('wrap-up-limit');
  });

  it('reports what an abrupt exit means for the call: an offer ends, a call is released', () => {
    const lostWhileRinging = transitionAgent(
      walk(pathTo.Offered),
      { type: 'connectionLost' },
      { now: T0, rules },
    );
    expect(lostWhileRinging.ok && lostWhileRinging.value.effects).toEqual([
      { type: 'offerEnded', callId: 'call-1', outcome: 'agent-unavailable' },
    ]);
    const lostOnCall = transitionAgent(walk(pathTo.OnCall), { type: 'connectionLost' }, { now: T0, rules });
    expect(lostOnCall.ok && lostOnCall.value.effects).toEqual([
      { type: 'callReleased', callId: 'call-1', reason: 'connection-lost' },
    ]);
    const forced = transitionAgent(
      walk(pathTo.OnCall),
      { type: 'supervisorForce', supervisorId: 'sam', target: { state: Available } },
      { now: T0, rules },
    );
    expect(forced.ok && forced.value.status.state).toBe(Available);
    expect(forced.ok && forced.value.effects).toEqual([
      { type: 'callReleased', callId: 'call-1', reason: 'supervisor' },
    ]);
  });

  it('lets a supervisor use the reserved "supervisor" reason but not an unknown one', () => {
    const available = walk(pathTo.Available);
    const force = (reason?: string) =>
      transitionAgent(
        available,
        { type: 'supervisorForce', supervisorId: 'sam', target: { state: NotReady, reason } },
        { now: T0, rules },
      );
    const plain = force();
    expect(plain.ok && plain.value.status.notReadyReason).toBe('supervisor');
    const unknown = force('nap');
    expect(unknown.ok ? null : unknown.error.code).toBe('unknown-reason');
  });

  it('logs in straight to Available when configured so', () => {
    const outcome = transitionAgent(
      offlineStatus(T0),
      { type: 'login' },
      { now: T0, rules: { ...rules, stateAfterLogin: 'Available' } },
    );
    expect(outcome.ok && outcome.value.status).toMatchObject({ state: Available, idleSince: T0 });
  });
});
