/**
 * The one error a refused agent transition produces. It is returned, never thrown: a double click,
 * a late timer or a stale callId must not break the engine, and the caller decides what to tell.
 */
import { InvalidStateError } from '../../shared/errors.js';
import type { AgentState } from './agent-state.js';
import type { AgentEventType } from './agent-events.js';

export type AgentTransitionErrorCode =
  /** The event has no meaning in this state (setAvailable while on a call...). */
  | 'illegal-transition'
  /** The event names a call that is not the one offered to, or handled by, this agent. */
  | 'wrong-call'
  /** setNotReady with a reason that is not configured. */
  | 'unknown-reason'
  /** An offer to an agent whom Teams presence shows busy. */
  | 'presence-busy'
  /** An extension beyond the configured maximum, or not positive. */
  | 'wrap-up-limit'
  /** A supervisor tried to make an agent who is not logged in Available or NotReady. */
  | 'not-logged-in'
  /** The engine knows no such agent or call. */
  | 'unknown-agent'
  | 'unknown-call';

export class AgentTransitionError extends InvalidStateError {
  override name = 'AgentTransitionError';
  constructor(
    readonly code: AgentTransitionErrorCode,
    readonly state: AgentState | null,
    readonly event: AgentEventType,
    detail?: string,
  ) {
    super(`${event} refused in ${state ?? 'no state'}: ${code}${detail ? ` (${detail})` : ''}`);
  }
}
