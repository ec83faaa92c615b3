import type { SliceUpdater } from '../slice-types.js';
import {
  initialSessionState,
  type LinkStatus,
  type SessionState,
  type SessionStatus,
  type SignInProblem,
} from './initial-state.js';

export interface SessionActions {
  signInStarted(agent: string, server: string): void;
  signInSucceeded(): void;
  signInFailed(problem: SignInProblem): void;
  signedOut(): void;
  phoneStatusChanged(status: LinkStatus): void;
  eventsStatusChanged(status: LinkStatus): void;
}

/** Thrown for a move the session's state machine does not have (a programming error in a service). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}

const allowedMoves: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  signedOut: ['signingIn'],
  signingIn: ['signedIn', 'signedOut'],
  signedIn: ['signedOut'],
};

/** The one place the session status changes: refuses moves the diagram does not have. */
export function transition(session: SessionState, to: SessionStatus): SessionState {
  if (!allowedMoves[session.status].includes(to)) {
    throw new InvalidStateError(`session: cannot go from ${session.status} to ${to}`);
  }
  return { ...session, status: to };
}

export function createSessionActions(update: SliceUpdater<SessionState>): SessionActions {
  const link = (key: 'phone' | 'events', status: LinkStatus) =>
    update((session) => {
      if (session.status === 'signedOut' || session[key] === status) return session;
      return { ...session, [key]: status };
    });
  return {
    signInStarted: (agent, server) =>
      update((session) => ({
        ...transition(session, 'signingIn'),
        agent,
        server,
        problem: null,
        phone: 'connecting',
        events: 'connecting',
      })),
    signInSucceeded: () => update((session) => transition(session, 'signedIn')),
    signInFailed: (problem) =>
      update((session) => ({ ...transition(session, 'signedOut'), ...initialSessionState, problem })),
    signedOut: () =>
      update((session) =>
        session.status === 'signedOut'
          ? session
          : { ...transition(session, 'signedOut'), ...initialSessionState },
      ),
    phoneStatusChanged: (status) => link('phone', status),
    eventsStatusChanged: (status) => link('events', status),
  };
}
