/**
 * Parsing the value of an Authorization or Proxy-Authorization header field that carries Digest credentials.
 *
 * RFC 3261 section 25.1:
 *   credentials      =  ("Digest" LWS digest-response) / other-response
 *   digest-response  =  dig-resp *(COMMA dig-resp)
 *   dig-resp         =  username / realm / nonce / digest-uri / dresponse / algorithm / cnonce / opaque
 *                       / message-qop / nonce-count / auth-param
 *
 * The parser checks syntax only. Whether the required parameters are present and well formed is decided by
 * `verifyDigest`, which can then say precisely what is missing.
 */
import { parseAuthParams } from './auth-params.js';

/** Credentials longer than this are refused before parsing; real ones are a few hundred characters. */
export const MAX_CREDENTIALS_LENGTH = 8192;

export interface DigestCredentials {
  readonly username?: string;
  readonly realm?: string;
  readonly nonce?: string;
  readonly uri?: string;
  readonly response?: string;
  /** As sent; absent means MD5 (RFC 2617 section 3.2.1). */
  readonly algorithm?: string;
  readonly cnonce?: string;
  /** The nonce-count as sent: eight hex digits (`nc=00000001`). */
  readonly nc?: string;
  readonly qop?: string;
  readonly opaque?: string;
  /** Every parameter, known and unknown, by lower-case name, unquoted and unescaped. */
  readonly params: ReadonlyMap<string, string>;
}

export type DigestParseErrorCode = 'not-digest' | 'syntax' | 'duplicate-parameter' | 'too-long';

export interface DigestParseError {
  readonly code: DigestParseErrorCode;
  readonly message: string;
}

export type DigestParseResult =
  { ok: true; value: DigestCredentials } | { ok: false; error: DigestParseError };

function failure(code: DigestParseErrorCode, message: string): DigestParseResult {
  return { ok: false, error: { code, message } };
}

/**
 * Parses `Digest username="alice", realm="tandem", ...`. Scheme and parameter names are case-insensitive,
 * parameters may come in any order, with any linear white space, and unknown ones are kept in `params`.
 * Never throws.
 */
export function parseDigestCredentials(headerValue: string): DigestParseResult {
  if (typeof headerValue !== 'string') return failure('syntax', 'the credentials are not a string');
  if (headerValue.length > MAX_CREDENTIALS_LENGTH) {
    return failure('too-long', `credentials longer than ${MAX_CREDENTIALS_LENGTH} characters`);
  }
  const parsed = parseAuthParams(headerValue);
  if (parsed.scheme !== undefined && parsed.scheme.toLowerCase() !== 'digest') {
    return failure('not-digest', `scheme ${parsed.scheme} is not Digest`);
  }
  if (!parsed.ok) {
    return failure('syntax', `${parsed.error.message} at offset ${parsed.error.offset}`);
  }
  if (parsed.params.length === 0) {
    // RFC 3261 section 25.1: digest-response = dig-resp *(COMMA dig-resp), so at least one parameter.
    return failure('syntax', 'Digest credentials without parameters');
  }

  const params = new Map<string, string>();
  for (const { name, value } of parsed.params) {
    // RFC 7235 section 2.1 asks that each parameter name occur once; two different usernames or responses
    // would let each layer of a system read a different one.
    if (params.has(name)) return failure('duplicate-parameter', `parameter ${name} appears more than once`);
    params.set(name, value);
  }

  return {
    ok: true,
    value: {
      username: params.get('username'),
      realm: params.get('realm'),
      nonce: params.get('nonce'),
      uri: params.get('uri'),
      response: params.get('response'),
      algorithm: params.get('algorithm'),
      cnonce: params.get('cnonce'),
      nc: params.get('nc'),
      qop: params.get('qop'),
      opaque: params.get('opaque'),
      params,
    },
  };
}
