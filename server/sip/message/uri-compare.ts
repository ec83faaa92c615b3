/**
 * URI equality, RFC 3261 19.1.4 "URI Comparison" (for the registrar's Contact bindings, 10.3),
 * and RFC 3966 section 4 for tel URIs.
 */
import type { SipParams, SipUri, Uri } from './sip-message-types.js';
import { isSipUri } from './uri.js';

/** Parameters that, RFC 3261 19.1.4, make two URIs differ when only one of them has it. */
const PARAMS_THAT_MUST_BOTH_APPEAR = ['user', 'ttl', 'method', 'maddr', 'transport'];

const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

/**
 * "Characters other than those in the 'reserved' set (see RFC 2396) are equivalent to their
 * '"%" HEX HEX' encoding." Unreserved characters are decoded, other escapes upper-cased.
 */
export function normalizeEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function sameOptional(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return normalizeEscapes(a) === normalizeEscapes(b);
}

function sameParamValue(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return normalizeEscapes(a).toLowerCase() === normalizeEscapes(b).toLowerCase();
}

/**
 * "o Any uri-parameter appearing in both URIs must match.
 *  o A user, ttl, or method uri-parameter appearing in only one URI never matches, even if it
 *    contains the default value.
 *  o A URI that includes an maddr parameter will not match a URI that contains no maddr parameter.
 *  o All other uri-parameters appearing in only one URI are ignored when comparing the URIs."
 * (transport: "A URI omitting any component with a default value will not match a URI
 * explicitly containing that component with its default value.")
 */
function sameSipParams(a: SipParams, b: SipParams): boolean {
  for (const [name, value] of a) {
    const other = b.get(name);
    if (other === undefined) {
      if (PARAMS_THAT_MUST_BOTH_APPEAR.includes(name)) return false;
    } else if (!sameParamValue(value, other)) {
      return false;
    }
  }
  for (const name of PARAMS_THAT_MUST_BOTH_APPEAR) {
    if (b.has(name) && !a.has(name)) return false;
  }
  return true;
}

/** RFC 3966 4: "If one URI has a parameter name not found in the other, the two URIs are not equal." */
function sameTelParams(a: SipParams, b: SipParams): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) {
    const other = b.get(name);
    if (other === undefined || !sameParamValue(value, other)) return false;
  }
  return true;
}

/**
 * "Header components are never ignored. Any present header component MUST be present in both
 * URIs and match for the URIs to match."
 */
function sameUriHeaders(a: SipUri, b: SipUri): boolean {
  if (a.headers.size !== b.headers.size) return false;
  const others = new Map([...b.headers].map(([name, value]) => [name.toLowerCase(), value]));
  for (const [name, value] of a.headers) {
    const other = others.get(name.toLowerCase());
    if (other === undefined || normalizeEscapes(other) !== normalizeEscapes(value)) return false;
  }
  return true;
}

/** RFC 3966 4: visual separators are not significant. */
function telNumber(uri: SipUri): string {
  return normalizeEscapes(uri.user ?? '')
    .replace(/[-.()]/g, '')
    .toLowerCase();
}

export function urisEqual(a: Uri, b: Uri): boolean {
  if (!isSipUri(a) || !isSipUri(b)) {
    if (isSipUri(a) || isSipUri(b)) return false;
    return a.scheme === b.scheme && normalizeEscapes(a.opaque) === normalizeEscapes(b.opaque);
  }
  // "o A SIP and SIPS URI are never equivalent."
  if (a.scheme !== b.scheme) return false;
  if (a.scheme === 'tel') return telNumber(a) === telNumber(b) && sameTelParams(a.params, b.params);
  // "o Comparison of the userinfo of SIP and SIPS URIs is case-sensitive. ... Comparison of all
  //  other components of the URI is case-insensitive unless explicitly defined otherwise."
  // "o For two URIs to be equal, the user, password, host, and port components must match."
  return (
    sameOptional(a.user, b.user) &&
    sameOptional(a.password, b.password) &&
    a.host.toLowerCase() === b.host.toLowerCase() &&
    a.port === b.port &&
    sameSipParams(a.params, b.params) &&
    sameUriHeaders(a, b)
  );
}
