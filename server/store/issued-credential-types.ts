/**
 * Credentials the server issues to an agent who signed in another way than with their password
 * (Microsoft sign-in): a random password, valid for a while, that the client uses exactly like the
 * agent's own, for the agent APIs (HTTP Basic) and for SIP registration (digest). Only hashes are kept:
 * SHA-256 of the password (it is random and long, so a fast hash is enough) and the digest HA1 values.
 * One live credential per agent: issuing a new one ends the previous one (the latest sign-in wins).
 */

export type CredentialIssuer = 'microsoft';

/** The registrar's view of a live credential (the same shape as the store's `SipCredentials`). */
export interface IssuedSipCredentials {
  readonly agentId: string;
  readonly username: string;
  readonly realm: string;
  readonly ha1Md5: string;
  readonly ha1Sha256: string;
}

export interface IssuedCredential {
  readonly agentId: string;
  readonly username: string;
  /** The password, known only to whoever receives it now. */
  readonly password: string;
  readonly expiresAt: string;
}

export interface IssuedCredentialRepository {
  /** A new credential for an enabled agent, replacing any earlier one; throws if the agent is unknown. */
  issue(agentId: string, issuer: CredentialIssuer, lifetimeMs: number, now?: Date): IssuedCredential;
  /** The agent id when this username and password are a live issued credential of an enabled agent. */
  verify(username: string, password: string, now?: Date): string | null;
  /** The live credential's digest values for the registrar, or null. */
  sipCredentials(username: string, realm: string, now?: Date): IssuedSipCredentials | null;
  /** Ends the agent's issued credentials (sign-out); returns how many were live. */
  revoke(agentId: string, now?: Date): number;
}
