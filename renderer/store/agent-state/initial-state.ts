/**
 * The agent's ACD state as the routing engine sees it (server/routing: AgentState), kept in step by the
 * REST answers and the event stream's `agent` messages. The server owns the state machine; the client
 * mirrors it and never invents a move:
 *
 * ```
 *   Offline --login--> Available <--> NotReady(reason)
 *                         |  ^
 *                      offer  wrap-up over
 *                         v  |
 *                    Offered --answer--> OnCall --hang up--> WrapUp(countdown, extendable)
 * ```
 */
export type AgentStateName = 'Offline' | 'Available' | 'Offered' | 'OnCall' | 'WrapUp' | 'NotReady';

export const agentStateNames: readonly AgentStateName[] = [
  'Offline',
  'Available',
  'Offered',
  'OnCall',
  'WrapUp',
  'NotReady',
];

export interface AgentStateSlice {
  readonly state: AgentStateName;
  /** Epoch ms the state began; null before the server said. */
  readonly since: number | null;
  readonly notReadyReason: string | null;
  /** Epoch ms the running wrap-up ends. */
  readonly wrapUpEndsAt: number | null;
  /**
   * Why calls are not offered besides the state itself (from the REST view, e.g. `no-queue`); presence is
   * kept apart because the event stream updates it.
   */
  readonly notOfferedBecause: readonly string[];
  /** The Teams activity that keeps calls away (`InAMeeting`), or null when presence allows calls. */
  readonly presenceBlock: string | null;
  /** The reasons the server accepts for Not ready. */
  readonly notReadyReasons: readonly string[];
  /** A state change the agent asked for and the server has not answered yet. */
  readonly pending: boolean;
  /** The server refused the last change the agent asked for (its code or message). */
  readonly refusal: string | null;
}

export const initialAgentState: AgentStateSlice = {
  state: 'Offline',
  since: null,
  notReadyReason: null,
  wrapUpEndsAt: null,
  notOfferedBecause: [],
  presenceBlock: null,
  notReadyReasons: [],
  pending: false,
  refusal: null,
};
