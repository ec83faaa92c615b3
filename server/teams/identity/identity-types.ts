/**
 * What Microsoft sign-in hands to the rest of the server: a verified Entra ID identity, and the few
 * reasons a token is refused (turned into HTTP 401/403/503 only at the API's edge).
 */

/** The claims Tandem relies on, from a token whose signature, issuer, audience and lifetime were checked. */
export interface VerifiedIdentity {
  /** Entra tenant id (`tid`). */
  readonly tenantId: string;
  /** The user's object id (`oid`): stable, the first key to an agent. */
  readonly objectId: string;
  /** `preferred_username` (v2.0) or `upn` (v1.0): the second key to an agent. */
  readonly userPrincipalName: string | null;
  readonly name: string | null;
  /** Token expiry, epoch seconds. */
  readonly expiresAt: number;
}

export type TokenRejection =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-tenant'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-nonce'
  | 'missing-claims';

/** The token cannot be trusted (HTTP 401). */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly reason: TokenRejection,
    message: string,
  ) {
    super(message);
  }
}

/** The identity platform (metadata or keys) could not be reached or answered nonsense (HTTP 503). */
export class IdentityPlatformError extends Error {
  override readonly name = 'IdentityPlatformError';
}
