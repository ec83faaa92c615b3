/**
 * The hash algorithms a Tandem registrar accepts for SIP Digest, and how an `algorithm` parameter maps onto
 * them.
 *
 * RFC 8760 updates RFC 3261 so that SIP Digest can use the algorithms of the HTTP Digest Hash
 * Algorithms registry (RFC 7616 section 6.1), SHA-256 among them, besides MD5.
 */
import { createHash } from 'node:crypto';

/** The algorithms we challenge with and verify: the stored credentials hold an HA1 for each. */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

/** Most preferred first, the order in which a registrar offers its challenges (RFC 8760). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

export type AlgorithmResolution =
  | { ok: true; algorithm: DigestAlgorithm }
  | { ok: false; reason: 'unknown-algorithm' | 'unsupported-algorithm'; detail: string };

/**
 * Resolves the `algorithm` parameter of a credentials value.
 *
 * RFC 2617 section 3.2.1: 'If this is not present it is assumed to be "MD5".'
 *
 * The `-sess` variants (RFC 2617 section 3.2.2.2, RFC 7616 section 3.4.2) are recognised but refused: we
 * never offer them, and RFC 7616 section 3.4 lets a client answer only with an algorithm the server offered.
 */
export function resolveDigestAlgorithm(parameter: string | undefined): AlgorithmResolution {
  if (parameter === undefined) return { ok: true, algorithm: 'MD5' };
  const name = parameter.toUpperCase();
  if (name === 'MD5') return { ok: true, algorithm: 'MD5' };
  if (name === 'SHA-256') return { ok: true, algorithm: 'SHA-256' };
  if (
    name === 'MD5-SESS' ||
    name === 'SHA-256-SESS' ||
    name === 'SHA-512-256' ||
    name === 'SHA-512-256-SESS'
  ) {
    return {
      ok: false,
      reason: 'unsupported-algorithm',
      detail: `algorithm ${parameter} is not offered; answer a SHA-256 or MD5 challenge`,
    };
  }
  return {
    ok: false,
    reason: 'unknown-algorithm',
    detail: `algorithm ${parameter} is not a digest algorithm`,
  };
}

/** H(data): the lower-case hex digest of the UTF-8 bytes of `data` (RFC 7616 section 3.4.1). */
export function digestHex(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(data, 'utf8')
    .digest('hex');
}

/** How many hex digits a digest of this algorithm has: 32 for MD5, 64 for SHA-256. */
export function digestHexLength(algorithm: DigestAlgorithm): number {
  return algorithm === 'MD5' ? 32 : 64;
}
