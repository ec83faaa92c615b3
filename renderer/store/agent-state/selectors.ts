import type { AgentStateSlice } from './initial-state.js';

interface WithAgentState {
  readonly agentState: AgentStateSlice;
}

export const selectAgentState = (state: WithAgentState) => state.agentState.state;
export const selectNotReadyReason = (state: WithAgentState) => state.agentState.notReadyReason;
export const selectNotReadyReasons = (state: WithAgentState) => state.agentState.notReadyReasons;
export const selectNotOfferedBecause = (state: WithAgentState) => state.agentState.notOfferedBecause;
export const selectAgentStatePending = (state: WithAgentState) => state.agentState.pending;
export const selectAgentStateRefusal = (state: WithAgentState) => state.agentState.refusal;
export const selectWrapUpEndsAt = (state: WithAgentState) => state.agentState.wrapUpEndsAt;

/** Whole seconds of wrap-up left at `now` (never negative); null when not in wrap-up. */
export const wrapUpSecondsLeft = (state: WithAgentState, now: number): number | null => {
  const endsAt = state.agentState.wrapUpEndsAt;
  if (state.agentState.state !== 'WrapUp' || endsAt === null) return null;
  return Math.max(0, Math.ceil((endsAt - now) / 1000));
};

export const selectPresenceBlock = (state: WithAgentState) => state.agentState.presenceBlock;
