import type { CallsState, CurrentCall } from './initial-state.js';

interface WithCalls {
  readonly calls: CallsState;
}

export const selectCurrentCall = (state: WithCalls): CurrentCall | null => state.calls.current;
export const selectRingingCall = (state: WithCalls): CurrentCall | null =>
  state.calls.current?.phase === 'ringing' && state.calls.current.direction === 'incoming'
    ? state.calls.current
    : null;
/** The call the agent is talking on (or connecting to, or placing and waiting for the answer). */
export const selectActiveCall = (state: WithCalls): CurrentCall | null =>
  state.calls.current?.phase === 'active' ||
  state.calls.current?.phase === 'connecting' ||
  selectPlacedCall(state) !== null
    ? state.calls.current
    : null;

/** A call the agent placed that is not answered yet (calling or ringing at the far end). */
export const selectPlacedCall = (state: WithCalls): CurrentCall | null =>
  state.calls.current?.phase === 'ringing' && state.calls.current.direction === 'outgoing'
    ? state.calls.current
    : null;
export const selectEndedCall = (state: WithCalls): CurrentCall | null =>
  state.calls.current?.phase === 'ended' ? state.calls.current : null;

/** Whole seconds talked at `now` (since the answer), for the call timer. */
export function talkSeconds(call: CurrentCall, now: number): number {
  if (call.answeredAt === null) return 0;
  const until = call.endedAt ?? now;
  return Math.max(0, Math.floor((until - call.answeredAt) / 1000));
}
