/** Options of a `NonceManager`. Every field has a default fit for a single registrar process. */
export interface NonceManagerOptions {
  /**
   * Key of the HMAC that makes nonces unforgeable, at least 16 bytes. Defaults to 32 random bytes per
   * process; give every node the same secret when several share a realm behind one address.
   */
  readonly secret?: Uint8Array;
  /** How long a nonce is accepted; older ones are answered with a `stale=true` challenge. Default 300 s. */
  readonly lifetimeMs?: number;
  /** How many nonces the replay guard remembers (nonce -> highest nonce-count). Default 100 000. */
  readonly maxTrackedNonces?: number;
  /** Wall-clock milliseconds; injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
  /** Random bytes for the secret and each nonce; injectable for tests. Default `crypto.randomBytes`. */
  readonly randomBytes?: (size: number) => Uint8Array;
}
