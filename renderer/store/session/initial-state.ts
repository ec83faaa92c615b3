/**
 * Who is signed in, and how their connections to the server are doing.
 *
 * ```
 *   signedOut --signInStarted--> signingIn --signInSucceeded--> signedIn
 *       ^                            |                            |
 *       +------signInFailed----------+                            |
 *       +--------------------------signedOut----------------------+
 * ```
 * `phone` (SIP registration) and `events` (the server's event stream) each move on their own while signed in:
 *
 * ```
 *   offline --> connecting --> online <--> reconnecting
 * ```
 * and go back to `offline` when the agent signs out. A dropped connection is `reconnecting` until it is back;
 * the agent sees that, and never has to reload.
 */
export type SessionStatus = 'signedOut' | 'signingIn' | 'signedIn';

export type LinkStatus = 'offline' | 'connecting' | 'online' | 'reconnecting';

/** Why signing in did not work, in words the sign-in screen shows. */
export type SignInProblem =
  'wrong-credentials' | 'server-unreachable' | 'registration-refused' | 'unexpected-response';

export interface SessionState {
  readonly status: SessionStatus;
  /** The agent's user name while signing in and signed in. */
  readonly agent: string | null;
  /** The server's origin while signing in and signed in. */
  readonly server: string | null;
  readonly phone: LinkStatus;
  readonly events: LinkStatus;
  /** Set when the last sign-in failed; cleared by the next attempt. */
  readonly problem: SignInProblem | null;
}

export const initialSessionState: SessionState = {
  status: 'signedOut',
  agent: null,
  server: null,
  phone: 'offline',
  events: 'offline',
  problem: null,
};
