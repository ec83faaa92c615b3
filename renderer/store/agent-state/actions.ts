import type { SliceUpdater } from '../slice-types.js';
import {
  agentStateNames,
  initialAgentState,
  type AgentStateName,
  type AgentStateSlice,
} from './initial-state.js';

/** `GET/POST /api/agent/state` (server/api/agent-state-api.ts `agentStateView`), as far as the client reads it. */
export interface AgentStateView {
  readonly state: string;
  readonly since: string | null;
  readonly notReadyReason: string | null;
  readonly wrapUpEndsAt: string | null;
  readonly notOfferedBecause: readonly string[];
  readonly notReadyReasons: readonly string[];
  readonly presence?: PresenceView | null;
}

/** What Teams presence says (server/routing: PresenceGate). */
export interface PresenceView {
  readonly busy: boolean;
  readonly activity: string | null;
}

/** An `{"type":"agent",...}` message of the event stream (server/api/call-event-stream.ts). */
export interface AgentChangeMessage {
  readonly state: string;
  readonly since: string;
  readonly notReadyReason: string | null;
  readonly wrapUpEndsAt: string | null;
  readonly presence?: PresenceView | null;
}

export interface AgentStateActions {
  /** The full view from the REST API (sign-in, or the answer to a change). */
  applyView(view: AgentStateView): void;
  /** A change pushed by the event stream. */
  applyChange(change: AgentChangeMessage): void;
  requestStarted(): void;
  requestRefused(refusal: string): void;
  reset(): void;
}

const isAgentState = (value: string): value is AgentStateName =>
  (agentStateNames as readonly string[]).includes(value);

const epoch = (iso: string | null): number | null => {
  if (iso === null) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : at;
};

/**
 * The slice after the server told a state. A state this client does not know is ignored rather than shown
 * wrongly (a newer server); the next known state corrects it.
 */
function withServerState(
  slice: AgentStateSlice,
  told: {
    state: string;
    since: string | null;
    notReadyReason: string | null;
    wrapUpEndsAt: string | null;
    presence?: PresenceView | null;
  },
): AgentStateSlice {
  if (!isAgentState(told.state)) return slice;
  const presenceBlock =
    told.presence === undefined || told.presence === null
      ? slice.presenceBlock
      : told.presence.busy
        ? (told.presence.activity ?? 'Busy')
        : null;
  return {
    ...slice,
    presenceBlock,
    state: told.state,
    since: epoch(told.since),
    notReadyReason: told.state === 'NotReady' ? told.notReadyReason : null,
    wrapUpEndsAt: told.state === 'WrapUp' ? epoch(told.wrapUpEndsAt) : null,
    pending: false,
  };
}

export function createAgentStateActions(update: SliceUpdater<AgentStateSlice>): AgentStateActions {
  return {
    applyView: (view) =>
      update((slice) => ({
        ...withServerState(slice, view),
        // The state and presence are shown on their own; the rest of the reasons as the server gave them.
        notOfferedBecause: view.notOfferedBecause.filter(
          (reason) => !reason.startsWith('state:') && !reason.startsWith('presence:'),
        ),
        notReadyReasons: [...view.notReadyReasons],
        refusal: null,
      })),
    applyChange: (change) => update((slice) => withServerState(slice, change)),
    requestStarted: () => update((slice) => ({ ...slice, pending: true, refusal: null })),
    requestRefused: (refusal) => update((slice) => ({ ...slice, pending: false, refusal })),
    reset: () => update(() => initialAgentState),
  };
}
