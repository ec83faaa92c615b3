/**
 * SIP, SIPS and tel URIs (RFC 3261 19.1, 25.1; RFC 3966), and any other absoluteURI as opaque text.
 *
 *   SIP-URI         =  "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *   userinfo        =  ( user / telephone-subscriber ) [ ":" password ] "@"
 *   hostport        =  host [ ":" port ]
 *   host            =  hostname / IPv4address / IPv6reference
 *   uri-parameters  =  *( ";" uri-parameter)
 *   headers         =  "?" header *( "&" header )
 *
 * Components are validated against their character sets but kept escaped, as received.
 */
import { isIPv6 } from 'node:net';
import type { AbsoluteUri, SipUri, Uri } from './sip-message-types.js';
import { SipParseError } from './sip-parse-error.js';
import { charClass, formatParams, isDigits, isVisibleText } from './syntax.js';

const UNRESERVED_MARKS = "-_.!~*'()";
/** user = 1*( unreserved / escaped / user-unreserved ); "#" tolerated for feature codes like `*97#`. */
const USER = charClass(`${UNRESERVED_MARKS}&=+$,;?/#`);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
const PASSWORD = charClass(`${UNRESERVED_MARKS}&=+$,`);
/** paramchar = param-unreserved / unreserved / escaped */
const PARAM = charClass(`${UNRESERVED_MARKS}[]/:&+$`);
/** hname / hvalue = *( hnv-unreserved / unreserved / escaped ) */
const HEADER = charClass(`${UNRESERVED_MARKS}[]/?:+$`);
/** hostname labels; "_" tolerated because some devices use it. */
const HOSTNAME = charClass('-._');
/** telephone-subscriber digits, visual separators, DTMF and pause characters. */
const TEL_NUMBER = charClass('+-.()*#', true);
/** Characters that never appear in an absoluteURI, besides whitespace and controls. */
const NOT_IN_URI = /[\s<>"]/;

const PERCENT = 37;

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** Every character in the class or a valid `%` HEX HEX escape. */
function isEscapedText(text: string, allowed: Uint8Array, allowEmpty: boolean): boolean {
  if (text.length === 0) return allowEmpty;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === PERCENT) {
      if (!isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (code >= 128 || allowed[code] !== 1) {
      return false;
    }
  }
  return true;
}

function fail(): never {
  throw new SipParseError('malformed URI');
}

const EMPTY_HEADERS: ReadonlyMap<string, string> = new Map();

export function isSipUri(uri: Uri): uri is SipUri {
  return 'host' in uri;
}

/** Parses any URI of a Request-URI or name-addr. Throws `SipParseError('malformed URI')`. */
export function parseUri(text: string): Uri {
  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(text.slice(0, colon))) fail();
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (scheme === 'tel') return parseTelUri(rest);
  if (!isVisibleText(rest) || NOT_IN_URI.test(rest)) fail();
  const uri: AbsoluteUri = { scheme, opaque: rest };
  return uri;
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string): SipUri {
  let user: string | undefined;
  let password: string | undefined;
  let i = 0;
  // The user part may hold ";" and "?" but never an unescaped "@", so the first "@" ends it.
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    password = colon < 0 ? undefined : userinfo.slice(colon + 1);
    if (!isEscapedText(user, USER, false)) fail();
    if (password !== undefined && !isEscapedText(password, PASSWORD, true)) fail();
    i = at + 1;
  }

  let host: string;
  if (rest.charCodeAt(i) === 91 /* [ */) {
    const close = rest.indexOf(']', i);
    if (close < 0 || !isIPv6(rest.slice(i + 1, close))) fail();
    host = rest.slice(i, close + 1);
    i = close + 1;
  } else {
    const start = i;
    while (i < rest.length) {
      const code = rest.charCodeAt(i);
      if (code >= 128 || HOSTNAME[code] !== 1) break;
      i++;
    }
    host = rest.slice(start, i);
    const first = host.charCodeAt(0);
    if (host.length === 0 || first === 45 /* - */ || first === 46 /* . */) fail();
  }

  let port: number | undefined;
  if (rest.charCodeAt(i) === 58 /* : */) {
    const start = ++i;
    while (i < rest.length && rest.charCodeAt(i) >= 48 && rest.charCodeAt(i) <= 57) i++;
    const digits = rest.slice(start, i);
    if (!isDigits(digits, 5)) fail();
    port = Number(digits);
    if (port > 65535) fail();
  }

  const question = rest.indexOf('?', i);
  const paramText = question < 0 ? rest.slice(i) : rest.slice(i, question);
  if (paramText.length > 0 && paramText.charCodeAt(0) !== 59 /* ; */) fail();
  const params = parseUriParams(paramText);
  const headers = question < 0 ? EMPTY_HEADERS : parseUriHeaders(rest.slice(question + 1));
  return { scheme, user, password, host, port, params, headers };
}

/** RFC 3966: `tel:+1-201-555-0123;phone-context=example.com`. */
function parseTelUri(rest: string): SipUri {
  const semicolon = rest.indexOf(';');
  const number = semicolon < 0 ? rest : rest.slice(0, semicolon);
  if (!isEscapedText(number, TEL_NUMBER, false)) fail();
  const params = parseUriParams(semicolon < 0 ? '' : rest.slice(semicolon));
  return { scheme: 'tel', user: number, host: '', params, headers: EMPTY_HEADERS };
}

/** `;transport=ws;lr;ob`: names lower-cased, empty segments skipped, a repeated name keeps its first value. */
function parseUriParams(text: string): Map<string, string | null> {
  const params = new Map<string, string | null>();
  if (text.length === 0) return params;
  for (const part of text.slice(1).split(';')) {
    if (part.length === 0) continue;
    const equals = part.indexOf('=');
    const name = equals < 0 ? part : part.slice(0, equals);
    const value = equals < 0 ? null : part.slice(equals + 1);
    if (!isEscapedText(name, PARAM, false)) fail();
    if (value !== null && !isEscapedText(value, PARAM, true)) fail();
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

/** `Subject=lunch&Priority=urgent`. */
function parseUriHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const part of text.split('&')) {
    const equals = part.indexOf('=');
    if (equals < 0) fail();
    const name = part.slice(0, equals);
    const value = part.slice(equals + 1);
    if (!isEscapedText(name, HEADER, false) || !isEscapedText(value, HEADER, true)) fail();
    if (!headers.has(name)) headers.set(name, value);
  }
  return headers;
}

export function formatUri(uri: Uri): string {
  if (!isSipUri(uri)) return `${uri.scheme}:${uri.opaque}`;
  let text = `${uri.scheme}:`;
  if (uri.scheme === 'tel') {
    text += uri.user ?? '';
  } else {
    if (uri.user !== undefined) {
      text += uri.password === undefined ? `${uri.user}@` : `${uri.user}:${uri.password}@`;
    }
    text += uri.port === undefined ? uri.host : `${uri.host}:${uri.port}`;
  }
  text += formatParams(uri.params);
  if (uri.headers.size > 0) {
    text += `?${[...uri.headers].map(([name, value]) => `${name}=${value}`).join('&')}`;
  }
  return text;
}
