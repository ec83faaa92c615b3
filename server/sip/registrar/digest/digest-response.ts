/**
 * The request-digest a client must send, computed from the stored HA1 (never from the password).
 *
 * RFC 2617 section 3.2.2.1:
 *   If the "qop" value is "auth" or "auth-int":
 *     request-digest = <"> < KD ( H(A1), unq(nonce-value) ":" nc-value ":" unq(cnonce-value) ":"
 *                      unq(qop-value) ":" H(A2) ) <">
 *   If the "qop" directive is not present (this construction is for compatibility with RFC 2069):
 *     request-digest = <"> < KD ( H(A1), unq(nonce-value) ":" H(A2) ) > <">
 *
 * RFC 2617 section 3.2.2.3: 'If the "qop" directive's value is "auth" or is unspecified, then A2 is:
 *   A2 = Method ":" digest-uri-value'
 *
 * KD(secret, data) = H(concat(secret, ":", data)), and RFC 7616 / RFC 8760 keep the same construction for
 * SHA-256 with H = SHA-256.
 */
import { digestHex, type DigestAlgorithm } from './digest-algorithm.js';

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  /** H(username ":" realm ":" password) in lower-case hex, for `algorithm`. */
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  /** The `uri` parameter of the credentials (digest-uri-value), not the Request-URI. */
  readonly uri: string;
  /** Present for qop=auth, with the values exactly as the client sent them; absent for the RFC 2069 form. */
  readonly qop?: { readonly qop: string; readonly nc: string; readonly cnonce: string };
}

export function computeDigestResponse(input: DigestResponseInput): string {
  const ha2 = digestHex(input.algorithm, `${input.method}:${input.uri}`);
  const data =
    input.qop === undefined
      ? `${input.nonce}:${ha2}`
      : `${input.nonce}:${input.qop.nc}:${input.qop.cnonce}:${input.qop.qop}:${ha2}`;
  return digestHex(input.algorithm, `${input.ha1}:${data}`);
}
