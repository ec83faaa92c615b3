/** Inputs and outcome of `verifyDigest`. */
import type { DigestCredentials } from './digest-credentials.js';
import type { NonceManager } from './nonce-manager.js';

export interface VerifyDigestInput {
  readonly credentials: DigestCredentials;
  /** The request method (A2 = Method ":" digest-uri-value). */
  readonly method: string;
  /** Stored H(username ":" realm ":" password) in hex, for the credentials' algorithm (`resolveDigestAlgorithm`). */
  readonly ha1: string;
  readonly expectedRealm: string;
  readonly nonceManager: NonceManager;
  /**
   * Refuse credentials without qop (the RFC 2069 form). Default false: RFC 3261 section 22.4 keeps qop
   * optional for clients because RFC 2543 was based on RFC 2069.
   */
  readonly requireQop?: boolean;
}

export type DigestRejectionReason =
  /** username, realm, nonce, uri or response absent, or qop without cnonce / nc. */
  | 'missing-parameters'
  /** A parameter present but not in its required form (nc not eight hex digits, or zero). */
  | 'malformed-parameter'
  | 'unknown-algorithm'
  /** Recognised but not offered, e.g. MD5-sess. */
  | 'unsupported-algorithm'
  /** qop other than "auth", or no qop where `requireQop` is set. */
  | 'unsupported-qop'
  | 'wrong-realm'
  /** Not a nonce we issued for this realm. */
  | 'invalid-nonce'
  /** Nonce-count not above the highest already accepted with this nonce. */
  | 'replay'
  /** The response does not match: wrong password, user name, method or uri. */
  | 'wrong-response';

/**
 * `ok`: authenticated. `stale`: right password but an old nonce; challenge again with `stale=true`.
 * `rejected`: challenge again (or refuse) and count a failure; `detail` is for logs, never for the peer.
 */
export type DigestVerification =
  | { readonly outcome: 'ok' }
  | { readonly outcome: 'stale' }
  | { readonly outcome: 'rejected'; readonly reason: DigestRejectionReason; readonly detail: string };
