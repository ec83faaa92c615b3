/**
 * Everything that can happen to an agent. Commands come from outside the engine (the agent's
 * client, a supervisor, the calls layer, Teams presence); the other events are raised by the
 * engine itself (an offer, a timer).
 */
import type { AgentState, OfferedCall } from './agent-state.js';

/** Where a supervisor may put an agent, whatever the agent is doing. */
export type ForceTarget =
  | { readonly state: AgentState.Available }
  | { readonly state: AgentState.NotReady; readonly reason?: string }
  | { readonly state: AgentState.Offline };

export type AgentCommand =
  | { readonly type: 'login' }
  | { readonly type: 'logout' }
  | { readonly type: 'setAvailable' }
  | { readonly type: 'setNotReady'; readonly reason: string }
  | { readonly type: 'offerAccepted'; readonly callId: string }
  | { readonly type: 'offerRejected'; readonly callId: string }
  | { readonly type: 'callEnded'; readonly callId: string }
  | { readonly type: 'extendWrapUp'; readonly ms: number }
  | { readonly type: 'connectionLost' }
  | { readonly type: 'presenceBusy'; readonly activity: string }
  | { readonly type: 'presenceFree' }
  | { readonly type: 'supervisorForce'; readonly supervisorId: string; readonly target: ForceTarget };

export type EngineAgentEvent =
  | { readonly type: 'offer'; readonly offer: OfferedCall }
  /** The engine took the offer back: the caller left, or another agent answered first. */
  | { readonly type: 'offerWithdrawn'; readonly callId: string }
  /** The ring timer ran out: Redirect On No Answer. */
  | { readonly type: 'ringTimeout'; readonly callId: string }
  | { readonly type: 'wrapUpExpired' };

export type AgentEvent = AgentCommand | EngineAgentEvent;
export type AgentEventType = AgentEvent['type'];
export type AgentEventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

/** Every event type once, for exhaustive tests and for validating input at the edge. */
export const AGENT_EVENT_TYPES = [
  'login',
  'logout',
  'setAvailable',
  'setNotReady',
  'offer',
  'offerAccepted',
  'offerRejected',
  'ringTimeout',
  'offerWithdrawn',
  'callEnded',
  'wrapUpExpired',
  'extendWrapUp',
  'connectionLost',
  'presenceBusy',
  'presenceFree',
  'supervisorForce',
] as const satisfies readonly AgentEventType[];

// Compile-time check that the list above names every event type.
type MissingEventType = Exclude<AgentEventType, (typeof AGENT_EVENT_TYPES)[number]>;
const _everyEventListed: MissingEventType extends never ? true : false = true;
void _everyEventListed;

/** How an offer ended, as the call sees it. */
export type OfferOutcome =
  | 'accepted'
  | 'rejected'
  /** Rang out (Redirect On No Answer). */
  | 'rona'
  /** Taken back by the engine (caller left, another agent answered). */
  | 'withdrawn'
  /** The agent went away while it rang: logged out, lost connection, busy in Teams, forced. */
  | 'agent-unavailable';

/** What a transition asks the engine to do besides changing the agent's state. */
export type AgentEffect =
  | {
      readonly type: 'offerEnded';
      readonly callId: string;
      readonly outcome: Exclude<OfferOutcome, 'accepted'>;
    }
  /** Routing no longer considers the agent on this call; the calls layer decides what the call does. */
  | {
      readonly type: 'callReleased';
      readonly callId: string;
      readonly reason: 'connection-lost' | 'supervisor';
    };
