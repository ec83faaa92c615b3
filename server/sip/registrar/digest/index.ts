/**
 * SIP Digest authentication for the registrar and proxy (RFC 3261 section 22, RFC 2617, RFC 7616, RFC 8760):
 * parse credentials, build challenges, issue and check stateless nonces, verify responses against stored
 * HA1 values.
 */
export {
  DIGEST_ALGORITHMS,
  digestHex,
  resolveDigestAlgorithm,
  type AlgorithmResolution,
  type DigestAlgorithm,
} from './digest-algorithm.js';
export { buildChallenge, buildChallenges, type DigestChallengeOptions } from './digest-challenge.js';
export {
  MAX_CREDENTIALS_LENGTH,
  parseDigestCredentials,
  type DigestCredentials,
  type DigestParseError,
  type DigestParseErrorCode,
  type DigestParseResult,
} from './digest-credentials.js';
export { computeDigestResponse, type DigestResponseInput } from './digest-response.js';
export type { NonceCountVerdict } from './nonce-count-tracker.js';
export {
  DEFAULT_MAX_TRACKED_NONCES,
  DEFAULT_NONCE_LIFETIME_MS,
  NonceManager,
  type NonceCheck,
} from './nonce-manager.js';
export type { NonceManagerOptions } from './nonce-manager-options.js';
export { verifyDigest } from './verify-digest.js';
export type { DigestRejectionReason, DigestVerification, VerifyDigestInput } from './verify-digest-types.js';
