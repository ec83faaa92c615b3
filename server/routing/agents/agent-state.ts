/**
 * An agent's ACD state and the data that belongs to it.
 *
 * ```
 *                      login                       setAvailable
 *   +---------+ ------------------> +------------+ ------------> +-----------+
 *   | Offline |                     |  NotReady  |               | Available | <-----------------+
 *   +---------+ <------------------ |  (reason)  | <------------ +-----------+                   |
 *     ^   ^      logout / lost      +------------+  setNotReady        | offer(callId)           |
 *     |   |                          ^     ^   ^                        v                        |
 *     |   |        N-th RONA in a row|     |   |                  +-----------+ rejected, RONA,  |
 *     |   |           +--------------+     |   +----------------- |  Offered  | withdrawn -------+
 *     |   |           |                    |      setNotReady     +-----------+ (ring timer)     |
 *     |   |           |                    |                            | offerAccepted          |
 *     |   |           |                    |                            v                        |
 *     |   |           |                    |                      +-----------+ callEnded, no    |
 *     |   |           |                    |                      |  OnCall   | wrap-up ---------+
 *     |   |           |                    |                      +-----------+                  |
 *     |   |           |                    |  setNotReady,              | callEnded              |
 *     |   |           |                    |  afterCall = NotReady      v                        |
 *     |   |           |                    +--------------------- +-----------+ wrapUpExpired,   |
 *     |   +-------------------------------------------------------|  WrapUp   | setAvailable ----+
 *     |          logout, afterCall = Offline                      +-----------+
 *     |                                                             ^       | extendWrapUp
 *     |                                                             +-------+
 *     +-- connectionLost: from every state (an offer is withdrawn, a call is released)
 *
 *   presenceBusy / presenceFree (Teams): in every state; the ACD state is kept, but a busy agent is
 *   not offered calls (an offer already ringing is withdrawn).
 *   supervisorForce: from every state to Available, NotReady(reason) or Offline.
 * ```
 *
 * Every state has a way out that needs nobody's goodwill: Offered ends with the ring timer, WrapUp
 * with its timer, and every state with connectionLost or a supervisor. OnCall ends when the calls
 * layer reports the end of the call, and a periodic audit asks it whether the call still exists.
 */

export enum AgentState {
  Offline = 'Offline',
  Available = 'Available',
  Offered = 'Offered',
  OnCall = 'OnCall',
  WrapUp = 'WrapUp',
  NotReady = 'NotReady',
}

export const AGENT_STATES: readonly AgentState[] = Object.values(AgentState);

/** Reasons the server itself sets; configured reasons (break, lunch...) come from the options. */
export const SystemNotReadyReason = {
  /** Logged in, not yet ready. */
  Login: 'login',
  /** Too many offers in a row went unanswered (Redirect On No Answer). */
  Rona: 'rona',
  /** A supervisor set the agent not ready without naming a reason. */
  Supervisor: 'supervisor',
} as const;

export const SYSTEM_NOT_READY_REASONS: readonly string[] = Object.values(SystemNotReadyReason);

/** The call ringing at an agent's desk. */
export interface OfferedCall {
  readonly callId: string;
  readonly queueId: string;
  readonly offeredAt: number;
  readonly ringTimeoutMs: number;
  /** Wrap-up that follows this call, decided when it is offered (agent, else queue, else default). */
  readonly wrapUpMs: number;
}

/** The call an agent is on, or has just finished and is wrapping up. */
export interface AgentCall {
  readonly callId: string;
  readonly queueId: string;
  readonly answeredAt: number;
  readonly wrapUpMs: number;
}

/** Where an agent goes once the current call and its wrap-up are over, when not Available. */
export type AfterCall =
  { readonly state: AgentState.NotReady; readonly reason: string } | { readonly state: AgentState.Offline };

/** What Teams presence says about the agent; a busy agent is not offered calls. */
export interface PresenceGate {
  readonly busy: boolean;
  /** The Teams activity that made the agent busy (InAMeeting...), for "why am I not offered calls". */
  readonly activity: string | null;
}

export interface AgentStatus {
  readonly state: AgentState;
  /** When the agent entered the current state (a NotReady reason change counts as a new state). */
  readonly since: number;
  /** NotReady only. */
  readonly notReadyReason: string | null;
  /** Offered only. */
  readonly offer: OfferedCall | null;
  /** OnCall and WrapUp only. */
  readonly call: AgentCall | null;
  /** WrapUp only: when wrap-up ends unless extended. */
  readonly wrapUpEndsAt: number | null;
  /** WrapUp only: how much the current wrap-up was extended. */
  readonly wrapUpExtendedMs: number;
  /** OnCall and WrapUp only: asked for during the call, applied when it is over. */
  readonly afterCall: AfterCall | null;
  /** Offers in a row that rang out; reset by an answered call or by reaching the RONA limit. */
  readonly consecutiveMisses: number;
  /** Since when the agent has been waiting for a call; Available and Offered (an unanswered offer keeps it). */
  readonly idleSince: number | null;
  readonly presence: PresenceGate;
}

export function offlineStatus(now: number): AgentStatus {
  return {
    state: AgentState.Offline,
    since: now,
    notReadyReason: null,
    offer: null,
    call: null,
    wrapUpEndsAt: null,
    wrapUpExtendedMs: 0,
    afterCall: null,
    consecutiveMisses: 0,
    idleSince: null,
    presence: { busy: false, activity: null },
  };
}
