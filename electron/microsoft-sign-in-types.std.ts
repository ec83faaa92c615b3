/**
 * What the page gets when it asks the desktop app to sign the agent in with Microsoft
 * (`window.tandem.microsoft.signIn()`): the main process runs MSAL in the system browser, presents the ID
 * token to the Tandem server and hands the page only the agent's Tandem credentials, never a Microsoft
 * token. A refusal is an answer, not a failure: it carries a code the page turns into a sentence.
 */

export const microsoftRefusals = [
  /** The server does not offer Microsoft sign-in (teams.signIn is off). */
  'disabled',
  /** The Tandem server could not be reached. */
  'server-unreachable',
  /** The identity platform or the person at the browser said no (cancelled, consent refused, ...). */
  'denied',
  /** Nobody finished signing in in the browser in time. */
  'timed-out',
  /** A genuine Microsoft user who is linked to no Tandem agent. */
  'no-agent',
  /** The Tandem agent linked to this user is disabled. */
  'agent-disabled',
  /** The server could not trust the token (signature, audience, tenant, ...). */
  'token-rejected',
  /** The server could not reach the identity platform to check the token. */
  'identity-platform',
  /** Anything else; the message says what. */
  'failed',
] as const;

export type MicrosoftRefusal = (typeof microsoftRefusals)[number];

export type MicrosoftSignInOutcome =
  | {
      readonly kind: 'signed-in';
      /** The agent name and the password Tandem issued for this session (Basic auth and SIP digest). */
      readonly username: string;
      readonly password: string;
      readonly displayName: string | null;
      /** ISO 8601: when the issued password stops working. */
      readonly expiresAt: string;
    }
  | { readonly kind: 'refused'; readonly code: MicrosoftRefusal; readonly message: string };
