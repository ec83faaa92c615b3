/**
 * Addresses with a display name and header parameters: From, To, Contact, Route, Record-Route,
 * Refer-To (RFC 3261 20.10, 20.20, 20.39, 25.1).
 *
 *   name-addr     =  [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name  =  *(token LWS)/ quoted-string
 *
 * RFC 3261 20.10: "Even if the 'display-name' is empty, the 'name-addr' form MUST be used if the
 * 'addr-spec' contains a comma, semicolon, or question mark." and "If the URI is not enclosed in
 * angle brackets, any semicolon-delimited parameters are header-parameters, not URI parameters."
 */
import type { NameAddr } from './sip-message-types.js';
import { malformed, SipParseError } from './sip-parse-error.js';
import {
  endOfQuotedString,
  formatParams,
  isTokenCode,
  isWhitespaceCode,
  parseParams,
  quote,
  skipWhitespace,
  unquote,
} from './syntax.js';
import { formatUri, parseUri } from './uri.js';

const QUOTE = 34;
const LESS_THAN = 60;
const SEMICOLON = 59;

/** `*(token LWS)`; UTF-8 letters tolerated, since phones send unquoted names in any language. */
function isTokenDisplayName(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && !isTokenCode(code) && !isWhitespaceCode(code)) return false;
  }
  return true;
}

/** Parses one name-addr or addr-spec with its parameters; `what` names it in the error. */
export function parseNameAddr(text: string, what = 'name-addr'): NameAddr {
  let i = skipWhitespace(text, 0);
  let displayName: string | undefined;
  if (text.charCodeAt(i) === QUOTE) {
    const end = endOfQuotedString(text, i);
    if (end < 0) malformed(what);
    displayName = unquote(text.slice(i, end));
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) !== LESS_THAN) malformed(what);
  } else {
    let j = i;
    while (j < text.length && text.charCodeAt(j) !== LESS_THAN && text.charCodeAt(j) !== SEMICOLON) j++;
    if (text.charCodeAt(j) === LESS_THAN) {
      const name = text.slice(i, j).trim();
      if (!isTokenDisplayName(name)) malformed(what);
      if (name.length > 0) displayName = name;
      i = j;
    } else {
      // addr-spec: the URI runs to the first semicolon, the rest are header parameters.
      const uri = parseUriOf(text.slice(i, j).trimEnd(), what);
      return { displayName: undefined, uri, params: parseParams(text.slice(j), what) };
    }
  }
  const close = text.indexOf('>', i);
  if (close < 0) malformed(what);
  const uri = parseUriOf(text.slice(i + 1, close), what);
  return { displayName, uri, params: parseParams(text.slice(close + 1), what) };
}

function parseUriOf(text: string, what: string): NameAddr['uri'] {
  try {
    return parseUri(text);
  } catch (error) {
    if (error instanceof SipParseError) malformed(what);
    throw error;
  }
}

/** Always the name-addr form, so that URI parameters never turn into header parameters. */
export function formatNameAddr(value: NameAddr): string {
  const display = value.displayName === undefined ? '' : `${quote(value.displayName)} `;
  return `${display}<${formatUri(value.uri)}>${formatParams(value.params)}`;
}
