/**
 * The agent state machine as one explicit table: for each state, the events it accepts and what
 * they do. A pair missing from the table is refused with `illegal-transition`; a handler may refuse
 * too (a stale callId, an unknown reason). Nothing here throws, reads a clock or keeps state: the
 * caller passes the current status and the time, and gets the next status and the effects back.
 */
import { err, ok, type Result } from '../result.js';
import type { AgentEffect, AgentEvent, AgentEventOf, AgentEventType } from './agent-events.js';
import { AgentState, SystemNotReadyReason, type AfterCall, type AgentStatus } from './agent-state.js';
import { AgentTransitionError, type AgentTransitionErrorCode } from './agent-transition-error.js';

/** The parts of the routing options the state machine obeys. */
export interface AgentRules {
  readonly ronaLimit: number;
  readonly maxWrapUpExtensionMs: number;
  readonly notReadyReasons: ReadonlySet<string>;
  readonly stateAfterLogin: 'NotReady' | 'Available';
}

export interface TransitionContext {
  readonly now: number;
  readonly rules: AgentRules;
}

export interface AgentTransition {
  readonly status: AgentStatus;
  readonly effects: readonly AgentEffect[];
}

export type TransitionOutcome = Result<AgentTransition, AgentTransitionError>;

type Handler<T extends AgentEventType> = (
  status: AgentStatus,
  event: AgentEventOf<T>,
  context: TransitionContext,
) => TransitionOutcome;

type StateHandlers = { readonly [T in AgentEventType]?: Handler<T> };

/** Applies one event; the only entry point of this module. */
export function transitionAgent(
  status: AgentStatus,
  event: AgentEvent,
  context: TransitionContext,
): TransitionOutcome {
  const handler = TRANSITIONS[status.state][event.type] as Handler<typeof event.type> | undefined;
  if (!handler) return refuse('illegal-transition', status, event);
  return handler(status, event, context);
}

/** Whether the table has an entry for the pair (the handler may still refuse the event's data). */
export function isDefinedTransition(state: AgentState, type: AgentEventType): boolean {
  return TRANSITIONS[state][type] !== undefined;
}

// ---- building blocks -------------------------------------------------------------------------

function refuse(
  code: AgentTransitionErrorCode,
  status: AgentStatus,
  event: AgentEvent,
  detail?: string,
): TransitionOutcome {
  return err(new AgentTransitionError(code, status.state, event.type, detail));
}

function stay(status: AgentStatus, effects: readonly AgentEffect[] = []): TransitionOutcome {
  return ok({ status, effects });
}

/** Moves to `state`, clearing every field that belongs to another state. */
function enter(
  status: AgentStatus,
  state: AgentState,
  now: number,
  fields: Partial<AgentStatus> = {},
): AgentStatus {
  return {
    ...status,
    state,
    since: now,
    notReadyReason: null,
    offer: null,
    call: null,
    wrapUpEndsAt: null,
    wrapUpExtendedMs: 0,
    afterCall: null,
    idleSince: state === AgentState.Available ? now : null,
    ...fields,
  };
}

function toOffline(status: AgentStatus, now: number): AgentStatus {
  return enter(status, AgentState.Offline, now, { consecutiveMisses: 0 });
}

function toNotReady(status: AgentStatus, reason: string, now: number): AgentStatus {
  return enter(status, AgentState.NotReady, now, { notReadyReason: reason });
}

/** Back to Available after an offer that was not answered: the agent's place in the idle line is kept. */
function backFromOffer(status: AgentStatus, now: number, fields: Partial<AgentStatus> = {}): AgentStatus {
  return enter(status, AgentState.Available, now, { idleSince: status.idleSince ?? now, ...fields });
}

/** Where a finished call (and its wrap-up) leads: what the agent asked for during it, or Available. */
function afterCall(status: AgentStatus, now: number): AgentStatus {
  const next: AfterCall | null = status.afterCall;
  if (next?.state === AgentState.Offline) return toOffline(status, now);
  if (next?.state === AgentState.NotReady) return toNotReady(status, next.reason, now);
  return enter(status, AgentState.Available, now);
}

/** An offer ringing while the agent goes away ends as `agent-unavailable`. */
function dropOffer(status: AgentStatus): AgentEffect[] {
  if (status.state === AgentState.Offered && status.offer) {
    return [{ type: 'offerEnded', callId: status.offer.callId, outcome: 'agent-unavailable' }];
  }
  return [];
}

/** What leaving the current state abruptly means for its call: an offer ends, a call is released. */
function release(status: AgentStatus, reason: 'connection-lost' | 'supervisor'): AgentEffect[] {
  if (status.state === AgentState.Offered) return dropOffer(status);
  if (status.state === AgentState.OnCall && status.call) {
    return [{ type: 'callReleased', callId: status.call.callId, reason }];
  }
  return [];
}

function isKnownReason(reason: string, context: TransitionContext): boolean {
  return context.rules.notReadyReasons.has(reason);
}

/** The offered call, when `callId` names it. */
function matchingOffer(status: AgentStatus, callId: string): boolean {
  return status.offer?.callId === callId;
}

// ---- handlers shared by several states ---------------------------------------------------------

const presenceBusy: Handler<'presenceBusy'> = (status, event) =>
  stay({ ...status, presence: { busy: true, activity: event.activity } });

const presenceFree: Handler<'presenceFree'> = (status) =>
  stay({ ...status, presence: { busy: false, activity: null } });

const connectionLost: Handler<'connectionLost'> = (status, _event, { now }) =>
  status.state === AgentState.Offline
    ? stay(status)
    : stay(toOffline(status, now), release(status, 'connection-lost'));

const logout: Handler<'logout'> = (status, _event, { now }) =>
  stay(toOffline(status, now), dropOffer(status));

const setNotReady: Handler<'setNotReady'> = (status, event, context) => {
  if (!isKnownReason(event.reason, context)) return refuse('unknown-reason', status, event, event.reason);
  if (status.state === AgentState.NotReady && status.notReadyReason === event.reason) return stay(status);
  return stay(toNotReady(status, event.reason, context.now));
};

const supervisorForce: Handler<'supervisorForce'> = (status, event, context) => {
  const { target } = event;
  const { now } = context;
  if (target.state === AgentState.Offline) {
    if (status.state === AgentState.Offline) return stay(status);
    return stay(toOffline(status, now), release(status, 'supervisor'));
  }
  if (status.state === AgentState.Offline) return refuse('not-logged-in', status, event);
  if (target.state === AgentState.Available) {
    if (status.state === AgentState.Available) return stay(status);
    const next =
      status.state === AgentState.Offered
        ? backFromOffer(status, now)
        : enter(status, AgentState.Available, now);
    return stay(next, release(status, 'supervisor'));
  }
  const reason = target.reason ?? SystemNotReadyReason.Supervisor;
  if (reason !== SystemNotReadyReason.Supervisor && !isKnownReason(reason, context)) {
    return refuse('unknown-reason', status, event, reason);
  }
  return stay(toNotReady(status, reason, now), release(status, 'supervisor'));
};

/** Handlers every logged-in state shares. */
const loggedIn = { presenceBusy, presenceFree, connectionLost, supervisorForce, logout } as const;

// ---- the table ---------------------------------------------------------------------------------

const TRANSITIONS: { readonly [S in AgentState]: StateHandlers } = {
  [AgentState.Offline]: {
    login: (status, _event, { now, rules }) =>
      stay(
        rules.stateAfterLogin === 'Available'
          ? enter(status, AgentState.Available, now)
          : toNotReady(status, SystemNotReadyReason.Login, now),
      ),
    // Logging out twice, or losing a connection that is already gone, changes nothing.
    logout: (status) => stay(status),
    presenceBusy,
    presenceFree,
    connectionLost,
    supervisorForce,
  },

  [AgentState.Available]: {
    ...loggedIn,
    setAvailable: (status) => stay(status),
    setNotReady,
    offer: (status, event, { now }) => {
      if (status.presence.busy) return refuse('presence-busy', status, event, status.presence.activity ?? '');
      return stay(
        enter(status, AgentState.Offered, now, { offer: event.offer, idleSince: status.idleSince }),
      );
    },
  },

  [AgentState.Offered]: {
    ...loggedIn,
    // Presence turning busy while the phone rings (the agent joined a Teams meeting) withdraws the
    // offer; the ACD state stays Available so that the agent gets calls again once free.
    presenceBusy: (status, event, { now }) =>
      stay(
        backFromOffer(status, now, { presence: { busy: true, activity: event.activity } }),
        dropOffer(status),
      ),
    // Choosing a break while the phone rings declines the call.
    setNotReady: (status, event, context) => {
      if (!isKnownReason(event.reason, context)) return refuse('unknown-reason', status, event, event.reason);
      const callId = status.offer?.callId ?? '';
      return stay(toNotReady(status, event.reason, context.now), [
        { type: 'offerEnded', callId, outcome: 'rejected' },
      ]);
    },
    offerAccepted: (status, event, { now }) => {
      const offer = status.offer;
      if (!offer || offer.callId !== event.callId) return refuse('wrong-call', status, event, event.callId);
      return stay(
        enter(status, AgentState.OnCall, now, {
          call: { callId: offer.callId, queueId: offer.queueId, answeredAt: now, wrapUpMs: offer.wrapUpMs },
          consecutiveMisses: 0,
        }),
      );
    },
    offerRejected: (status, event, { now }) => {
      if (!matchingOffer(status, event.callId)) return refuse('wrong-call', status, event, event.callId);
      return stay(backFromOffer(status, now), [
        { type: 'offerEnded', callId: event.callId, outcome: 'rejected' },
      ]);
    },
    ringTimeout: (status, event, { now, rules }) => {
      if (!matchingOffer(status, event.callId)) return refuse('wrong-call', status, event, event.callId);
      const misses = status.consecutiveMisses + 1;
      const effects: AgentEffect[] = [{ type: 'offerEnded', callId: event.callId, outcome: 'rona' }];
      if (misses >= rules.ronaLimit) {
        return stay({ ...toNotReady(status, SystemNotReadyReason.Rona, now), consecutiveMisses: 0 }, effects);
      }
      return stay(backFromOffer(status, now, { consecutiveMisses: misses }), effects);
    },
    offerWithdrawn: (status, event, { now }) => {
      if (!matchingOffer(status, event.callId)) return refuse('wrong-call', status, event, event.callId);
      return stay(backFromOffer(status, now));
    },
  },

  [AgentState.OnCall]: {
    ...loggedIn,
    // During a call, logout / setAvailable / setNotReady choose where the agent goes afterwards.
    logout: (status) => stay({ ...status, afterCall: { state: AgentState.Offline } }),
    setAvailable: (status) => stay({ ...status, afterCall: null }),
    setNotReady: (status, event, context) => {
      if (!isKnownReason(event.reason, context)) return refuse('unknown-reason', status, event, event.reason);
      return stay({ ...status, afterCall: { state: AgentState.NotReady, reason: event.reason } });
    },
    callEnded: (status, event, { now }) => {
      const call = status.call;
      if (!call || call.callId !== event.callId) return refuse('wrong-call', status, event, event.callId);
      if (call.wrapUpMs <= 0) return stay(afterCall(status, now));
      return stay(
        enter(status, AgentState.WrapUp, now, {
          call,
          afterCall: status.afterCall,
          wrapUpEndsAt: now + call.wrapUpMs,
        }),
      );
    },
  },

  [AgentState.WrapUp]: {
    ...loggedIn,
    setAvailable: (status, _event, { now }) => stay(enter(status, AgentState.Available, now)),
    setNotReady,
    wrapUpExpired: (status, _event, { now }) => stay(afterCall(status, now)),
    extendWrapUp: (status, event, { rules }) => {
      const total = status.wrapUpExtendedMs + event.ms;
      if (!(event.ms > 0) || total > rules.maxWrapUpExtensionMs) {
        return refuse('wrap-up-limit', status, event, `${total} ms > ${rules.maxWrapUpExtensionMs} ms`);
      }
      return stay({
        ...status,
        wrapUpEndsAt: (status.wrapUpEndsAt ?? 0) + event.ms,
        wrapUpExtendedMs: total,
      });
    },
  },

  [AgentState.NotReady]: {
    ...loggedIn,
    setAvailable: (status, _event, { now }) => stay(enter(status, AgentState.Available, now)),
    setNotReady,
  },
};
