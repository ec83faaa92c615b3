/**
 * The Via header (RFC 3261 20.42, 25.1; RFC 3581 rport; RFC 7118 WS/WSS).
 *
 *   via-parm       =  sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol  =  protocol-name SLASH protocol-version SLASH transport
 *   sent-by        =  host [ COLON port ]
 *   via-params     =  via-ttl / via-maddr / via-received / via-branch / via-extension
 *
 * SLASH and COLON allow whitespace on both sides. A Via without a branch comes from an RFC 2543
 * peer and is accepted; the transaction layer then matches by the older rules (17.2.3).
 */
import { isIPv6 } from 'node:net';
import type { Via } from './sip-message-types.js';
import { SipParseError } from './sip-parse-error.js';
import {
  charClass,
  formatParams,
  isDigits,
  isParamValue,
  isToken,
  isTokenCode,
  parseParams,
  skipWhitespace,
} from './syntax.js';

/**
 * RFC 3261 8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST
 * always begin with the characters 'z9hG4bK'."
 */
export const MAGIC_COOKIE = 'z9hG4bK';

const HOSTNAME = charClass('-._');
const SLASH = 47;
const COLON = 58;

export function isRfc3261Branch(branch: string | undefined): boolean {
  return branch !== undefined && branch.startsWith(MAGIC_COOKIE);
}

function fail(): never {
  throw new SipParseError('malformed Via');
}

function readToken(text: string, start: number): number {
  let i = start;
  while (i < text.length && isTokenCode(text.charCodeAt(i))) i++;
  if (i === start) fail();
  return i;
}

function expectSlash(text: string, start: number): number {
  const i = skipWhitespace(text, start);
  if (text.charCodeAt(i) !== SLASH) fail();
  return skipWhitespace(text, i + 1);
}

/** Parses one via-parm (one element of a Via list). Throws `SipParseError('malformed Via')`. */
export function parseVia(text: string): Via {
  let i = skipWhitespace(text, 0);
  let end = readToken(text, i);
  const protocolName = text.slice(i, end);
  i = expectSlash(text, end);
  end = readToken(text, i);
  const protocolVersion = text.slice(i, end);
  i = expectSlash(text, end);
  end = readToken(text, i);
  const transport = text.slice(i, end).toUpperCase();
  i = skipWhitespace(text, end);
  if (i === end) fail();

  let host: string;
  if (text.charCodeAt(i) === 91 /* [ */) {
    const close = text.indexOf(']', i);
    if (close < 0 || !isIPv6(text.slice(i + 1, close))) fail();
    host = text.slice(i, close + 1);
    i = close + 1;
  } else {
    const start = i;
    while (i < text.length && text.charCodeAt(i) < 128 && HOSTNAME[text.charCodeAt(i)] === 1) i++;
    host = text.slice(start, i);
    if (host.length === 0 || host.charCodeAt(0) === 45 || host.charCodeAt(0) === 46) fail();
  }

  let port: number | undefined;
  i = skipWhitespace(text, i);
  if (text.charCodeAt(i) === COLON) {
    const start = skipWhitespace(text, i + 1);
    i = start;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const digits = text.slice(start, i);
    if (!isDigits(digits, 5) || Number(digits) > 65535) fail();
    port = Number(digits);
  }

  const params = parseParams(text.slice(i), 'Via');
  checkParams(params);
  const branch = params.get('branch') ?? undefined;
  return { protocol: `${protocolName}/${protocolVersion}`, transport, host, port, params, branch };
}

/**
 *   via-ttl       =  "ttl" EQUAL ttl              (ttl = 1*3DIGIT ; 0 to 255)
 *   via-maddr     =  "maddr" EQUAL host
 *   via-received  =  "received" EQUAL (IPv4address / IPv6address)
 *   via-branch    =  "branch" EQUAL token
 *   response-port =  "rport" [EQUAL 1*DIGIT]      (RFC 3581)
 */
function checkParams(params: ReadonlyMap<string, string | null>): void {
  const branch = params.get('branch');
  if (branch === null || (branch !== undefined && branch.length === 0)) fail();
  const ttl = params.get('ttl');
  if (ttl !== undefined && (ttl === null || !isDigits(ttl, 3) || Number(ttl) > 255)) fail();
  const rport = params.get('rport');
  if (rport !== undefined && rport !== null && (!isDigits(rport, 5) || Number(rport) > 65535)) fail();
  for (const name of ['received', 'maddr']) {
    const value = params.get(name);
    if (value === null || value === '') fail();
  }
}

export function formatVia(via: Via): string {
  const sentBy = via.port === undefined ? via.host : `${via.host}:${via.port}`;
  return `${via.protocol}/${via.transport} ${sentBy}${formatParams(via.params)}`;
}

/**
 * A copy of `via` with parameters set (a value, or null for a flag) or removed (undefined). A new
 * parameter goes last. RFC 3581 section 4: when the top Via "contains an 'rport' parameter with
 * no value, it MUST set the value of the parameter to the source port of the request", and the
 * server adds `received` with the source address as well. Throws TypeError for a bad value.
 */
export function withViaParams(
  via: Via,
  changes: Readonly<Record<string, string | number | null | undefined>>,
): Via {
  const params = new Map(via.params);
  for (const [name, value] of Object.entries(changes)) {
    const key = name.toLowerCase();
    const text = value === null || value === undefined ? value : String(value);
    if (!isToken(key) || (typeof text === 'string' && !isParamValue(text))) {
      throw new TypeError(`invalid Via parameter ${name}=${String(value)}`);
    }
    if (text === undefined) params.delete(key);
    else params.set(key, text);
  }
  try {
    checkParams(params);
  } catch {
    throw new TypeError(`invalid Via parameters ${JSON.stringify(changes)}`);
  }
  return { ...via, params, branch: params.get('branch') ?? undefined };
}
