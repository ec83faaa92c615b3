import type { LinkStatus, SessionState } from './initial-state.js';

interface WithSession {
  readonly session: SessionState;
}

export const selectSessionStatus = (state: WithSession) => state.session.status;
export const selectSignedInAgent = (state: WithSession) =>
  state.session.status === 'signedIn' ? state.session.agent : null;
export const selectSignInProblem = (state: WithSession) => state.session.problem;
export const selectPhoneStatus = (state: WithSession) => state.session.phone;
export const selectEventsStatus = (state: WithSession) => state.session.events;

/**
 * One word for the agent about the connection as a whole: the worse of the phone and the event stream, so
 * that a half-working client never looks healthy.
 */
export const selectConnectionSummary = (state: WithSession): LinkStatus => {
  const order: readonly LinkStatus[] = ['offline', 'reconnecting', 'connecting', 'online'];
  const { phone, events } = state.session;
  return order.indexOf(phone) <= order.indexOf(events) ? phone : events;
};
