/**
 * Splitting a compact JWS (RFC 7515 section 7.1: BASE64URL(header) "." BASE64URL(payload) "."
 * BASE64URL(signature)) into its parts, without trusting any of them yet.
 */
import { TokenRejectedError } from './identity-types.js';

export interface CompactJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The bytes the signature covers: the first two parts as sent. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Entra ID tokens run to a few kilobytes; anything far larger is not one. */
const MAX_TOKEN_LENGTH = 16_384;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function parseCompactJwt(token: string): CompactJwt {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
    throw new TokenRejectedError('malformed', 'the token is empty or too long to be a JWT');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !BASE64URL.test(part)))
    throw new TokenRejectedError('malformed', 'the token is not a compact JWS (three base64url parts)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  return {
    header: jsonObject(headerPart, 'header'),
    payload: jsonObject(payloadPart, 'payload'),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

function jsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejectedError('malformed', `the token's ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TokenRejectedError('malformed', `the token's ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
