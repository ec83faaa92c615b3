import type { CallsState } from '../calls/initial-state.js';
import type { CallQualityState, LiveQuality } from './initial-state.js';

interface WithCallQuality {
  readonly callQuality: CallQualityState;
  readonly calls: CallsState;
}

/** The quality of the call the agent is on now; null before the first sample or for another call. */
export const selectLiveQuality = (state: WithCallQuality): LiveQuality | null =>
  state.callQuality.callId !== null && state.callQuality.callId === state.calls.current?.id
    ? state.callQuality.latest
    : null;
