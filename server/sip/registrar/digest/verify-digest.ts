/**
 * Checking Digest credentials against a stored HA1 (RFC 3261 section 22 with RFC 2617, RFC 7616 and
 * RFC 8760). Pure apart from the nonce manager's replay memory; it neither logs nor throws on bad input
 * from the network (a TypeError only for a wrong `ha1` argument, which is a programming error).
 */
import { constantTimeEqual } from './constant-time.js';
import { digestHexLength, resolveDigestAlgorithm } from './digest-algorithm.js';
import { computeDigestResponse } from './digest-response.js';
import type { DigestRejectionReason, DigestVerification, VerifyDigestInput } from './verify-digest-types.js';

const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
/** RFC 3261 section 25.1: nc-value = 8LHEX. */
const NONCE_COUNT = /^[0-9a-fA-F]{8}$/;
const HEX = /^[0-9a-f]+$/;

function rejected(reason: DigestRejectionReason, detail: string): DigestVerification {
  return { outcome: 'rejected', reason, detail };
}

export function verifyDigest(input: VerifyDigestInput): DigestVerification {
  const { credentials, nonceManager } = input;

  const missing = REQUIRED.filter((name) => credentials[name] === undefined);
  if (missing.length > 0) return rejected('missing-parameters', `missing ${missing.join(', ')}`);
  const { username, realm, nonce, uri, response } = credentials as Required<typeof credentials>;

  const resolution = resolveDigestAlgorithm(credentials.algorithm);
  if (!resolution.ok) return rejected(resolution.reason, resolution.detail);
  const { algorithm } = resolution;

  const ha1 = input.ha1.toLowerCase();
  if (ha1.length !== digestHexLength(algorithm) || !HEX.test(ha1)) {
    throw new TypeError(`ha1 is not a ${algorithm} hex digest`);
  }

  if (realm !== input.expectedRealm) {
    return rejected('wrong-realm', `realm "${realm}" is not "${input.expectedRealm}"`);
  }

  let qop: { qop: string; nc: string; cnonce: string } | undefined;
  let count = 0;
  if (credentials.qop !== undefined) {
    if (credentials.qop.toLowerCase() !== 'auth') {
      return rejected('unsupported-qop', `qop ${credentials.qop} was not offered`);
    }
    // RFC 2617 section 3.2.2 on cnonce and nc: "This MUST be specified if a qop directive is sent".
    const absent = (['cnonce', 'nc'] as const).filter((name) => credentials[name] === undefined);
    if (absent.length > 0) return rejected('missing-parameters', `qop=auth without ${absent.join(', ')}`);
    const nc = credentials.nc as string;
    if (!NONCE_COUNT.test(nc) || Number.parseInt(nc, 16) === 0) {
      return rejected('malformed-parameter', `nc ${JSON.stringify(nc)} is not a non-zero 8-digit hex count`);
    }
    count = Number.parseInt(nc, 16);
    // unq(qop-value), nc-value and unq(cnonce-value) go into the hash exactly as the client wrote them.
    qop = { qop: credentials.qop, nc, cnonce: credentials.cnonce as string };
  } else if (input.requireQop === true) {
    return rejected('unsupported-qop', 'credentials without qop (RFC 2069 form) are not accepted');
  }

  const nonceCheck = nonceManager.check(nonce, input.expectedRealm);
  if (nonceCheck.status === 'invalid') return rejected('invalid-nonce', 'nonce not issued by this server');

  const expected = computeDigestResponse({ algorithm, ha1, nonce, method: input.method, uri, qop });
  if (!constantTimeEqual(response.toLowerCase(), expected)) {
    return rejected('wrong-response', `response does not match for user "${username}"`);
  }

  // RFC 2617 section 3.2.1: "The server should only set stale to TRUE if it receives a request for which
  // the nonce is invalid but with a valid digest for that nonce (indicating that the client knows the
  // correct username/password)."
  if (nonceCheck.status === 'stale') return { outcome: 'stale' };

  const verdict = nonceManager.recordNonceCount(nonce, nonceCheck.issuedAt, count);
  if (verdict === 'replayed') return rejected('replay', `nonce-count ${count} already used with this nonce`);
  if (verdict === 'forgotten') return { outcome: 'stale' };
  return { outcome: 'ok' };
}
