/**
 * Parses one complete SIP message: a datagram, a WebSocket message, or a frame the stream
 * transport already cut using Content-Length (RFC 3261 7, 18.3, 25).
 *
 * Strict where the RFC leaves no choice (start line, SIP version, status code, the mandatory
 * headers, CSeq, Via, Content-Length against the bytes present, size); tolerant where devices
 * deviate (bare LF, folding, header-name case and compact forms, spacing around colons, missing
 * Max-Forwards, missing Content-Length on datagrams). Throws only `SipParseError`.
 */
import { parseContentLength } from './header-values.js';
import { appendParsedRow, SipHeaders } from './headers.js';
import { SipRequest, SipResponse, type SipMessage } from './message.js';
import { readPartial } from './parse-partial.js';
import type { ParseOptions, Uri } from './sip-message-types.js';
import { SipParseError } from './sip-parse-error.js';
import { isToken } from './syntax.js';
import { parseUri } from './uri.js';

/** The largest UDP payload; a datagram cannot be larger, a stream frame should not be. */
export const DEFAULT_MAX_BYTES = 65536;

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** RFC 3261 8.1.1: "A valid SIP request formulated by a UAC MUST, at a minimum, contain the
 * following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via"; Max-Forwards is
 * tolerated missing. 7.3.1 allows one row each for the non-list ones. */
const SINGLE_MANDATORY = ['To', 'From', 'Call-ID', 'CSeq'];

export function parseSipMessage(
  data: Buffer | Uint8Array | string,
  options: ParseOptions = {},
): SipRequest | SipResponse {
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    if (bytes.length > maxBytes) throw new SipParseError('message too large', undefined, 513);
    return parseBytes(bytes);
  } catch (error) {
    if (error instanceof SipParseError && error.partial === undefined) {
      throw new SipParseError(error.reason, readPartial(bytes, maxBytes), error.status);
    }
    throw error;
  }
}

function parseBytes(bytes: Buffer): SipRequest | SipResponse {
  // RFC 3261 7.5: "Implementations processing SIP messages over stream-oriented transports MUST
  // ignore any CRLF appearing before the start-line". A datagram gets the same courtesy.
  let start = 0;
  while (start < bytes.length && (bytes[start] === CR || bytes[start] === LF)) start++;
  if (start === bytes.length) throw new SipParseError('empty message');
  const [headerEnd, bodyStart] = findEndOfHeaders(bytes, start);

  const lines = bytes.toString('utf8', start, headerEnd).split('\n');
  const startLine = parseStartLine(stripCr(lines[0]!).trimEnd());
  const headers = parseHeaderLines(lines);
  const body = readBody(bytes, bodyStart, headers);
  const message =
    'status' in startLine
      ? new SipResponse({ ...startLine, headers, body })
      : new SipRequest({ ...startLine, headers, body });
  checkMandatoryHeaders(message);
  return message;
}

/** RFC 3261 7: "SIP requests are distinguished by having a Request-Line for a start-line." */
function parseStartLine(line: string): { method: string; uri: Uri } | { status: number; reason: string } {
  if (line.includes('\r')) throw new SipParseError('malformed start line');
  return /^SIP\//i.test(line) ? parseStatusLine(line) : parseRequestLine(line);
}

/**
 * RFC 3261 7: "The start-line, each message-header line, and the empty line MUST be terminated by
 * a carriage-return line-feed sequence (CRLF). Note that the empty line MUST be present even if
 * the message-body is not." A bare LF is accepted in place of CRLF.
 * Returns the end of the header section (its last LF) and the first byte of the body.
 */
function findEndOfHeaders(bytes: Buffer, start: number): [number, number] {
  let from = start;
  for (;;) {
    const lf = bytes.indexOf(LF, from);
    if (lf < 0) throw new SipParseError('no empty line after the headers');
    const next = bytes[lf + 1];
    if (next === LF) return [lf, lf + 2];
    if (next === CR && bytes[lf + 2] === LF) return [lf, lf + 3];
    from = lf + 1;
  }
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line;
}

/**
 * RFC 3261 7.3.1: "Header fields can be extended over multiple lines by preceding each extra line
 * with at least one SP or horizontal tab (HT). The line break and the whitespace at the beginning
 * of the next line are treated as a single SP character." The grammar "allows for an arbitrary
 * amount of whitespace on either side of the colon".
 */
function parseHeaderLines(lines: string[]): SipHeaders {
  const headers = new SipHeaders();
  let name: string | undefined;
  let value = '';
  for (let n = 1; n < lines.length; n++) {
    const line = stripCr(lines[n]!);
    if (line.includes('\r')) throw new SipParseError('stray CR in a header');
    const first = line.charCodeAt(0);
    if (first === SPACE || first === TAB) {
      if (name === undefined) throw new SipParseError('continuation line before any header');
      const continuation = line.trim();
      if (continuation.length > 0) value = value.length === 0 ? continuation : `${value} ${continuation}`;
      continue;
    }
    if (name !== undefined) appendParsedRow(headers, name, value);
    const colon = line.indexOf(':');
    if (colon < 0) throw new SipParseError('header line without a colon');
    name = trimWhitespaceEnd(line.slice(0, colon));
    if (!isToken(name)) throw new SipParseError('malformed header name');
    value = line.slice(colon + 1).trim();
  }
  if (name !== undefined) appendParsedRow(headers, name, value);
  return headers;
}

function trimWhitespaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === TAB)) end--;
  return text.slice(0, end);
}

/**
 * RFC 3261 18.3: "In the case of message-oriented transports (such as UDP), if the message has a
 * Content-Length header field, the message body is assumed to contain that many bytes. Any
 * additional bytes in the transport packet beyond the end of the body MUST be discarded. If the
 * transport packet ends before the end of the message body, this is considered an error."
 * Without Content-Length (allowed on datagrams) the body is the rest of the packet.
 */
function readBody(bytes: Buffer, bodyStart: number, headers: SipHeaders): Buffer | undefined {
  const available = bytes.length - bodyStart;
  let length = available;
  const values = headers.getAll('content-length');
  if (values.length > 0) {
    length = parseContentLength(values[0]!);
    if (values.some((value) => value !== values[0])) throw new SipParseError('conflicting Content-Length');
    if (length > available) throw new SipParseError('Content-Length larger than the body');
  }
  // A copy: the transport may reuse the buffer the datagram or frame arrived in.
  return length === 0 ? undefined : Buffer.from(bytes.subarray(bodyStart, bodyStart + length));
}

/**
 *   SIP-Version  =  "SIP" "/" 1*DIGIT "." 1*DIGIT
 * RFC 3261 7.1: "The SIP-Version string is case-insensitive, but implementations MUST send
 * upper-case." Another version deserves 505 Version Not Supported (21.5.20).
 */
function checkVersion(version: string): void {
  if (version.toUpperCase() === 'SIP/2.0') return;
  if (/^SIP\/\d+\.\d+$/i.test(version)) throw new SipParseError('unsupported SIP version', undefined, 505);
  throw new SipParseError('malformed start line');
}

/**
 * RFC 3261 7.1: `Request-Line = Method SP Request-URI SP SIP-Version CRLF`, single spaces. "The
 * Request-URI MUST NOT contain unescaped spaces or control characters and MUST NOT be enclosed in
 * '<>'." An unknown scheme parses: the UAS answers it with 416 (8.2.2.1).
 */
function parseRequestLine(line: string): { method: string; uri: Uri } {
  const first = line.indexOf(' ');
  const last = line.lastIndexOf(' ');
  if (first <= 0 || last === first) throw new SipParseError('malformed start line');
  const method = line.slice(0, first);
  if (!isToken(method)) throw new SipParseError('malformed start line');
  checkVersion(line.slice(last + 1));
  try {
    return { method, uri: parseUri(line.slice(first + 1, last)) };
  } catch {
    throw new SipParseError('malformed Request-URI');
  }
}

/** RFC 3261 7.2: `Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF`. */
function parseStatusLine(line: string): { status: number; reason: string } {
  const space = line.indexOf(' ');
  if (space < 0) throw new SipParseError('malformed start line');
  checkVersion(line.slice(0, space));
  const code = line.slice(space + 1, space + 4);
  const after = line.charCodeAt(space + 4);
  // Status-Code is 3DIGIT; "the first digit of the Status-Code defines the class of response" (1 to 6).
  if (!/^[1-6]\d\d$/.test(code) || (line.length > space + 4 && after !== SPACE)) {
    throw new SipParseError('malformed status code');
  }
  return { status: Number(code), reason: line.slice(space + 5) };
}

/**
 * Reads the headers every layer relies on, so that a message that passes parsing has them in a
 * usable form (and cached). RFC 3261 8.1.1.5 / 20.16: the CSeq "method MUST match that of the
 * request".
 */
function checkMandatoryHeaders(message: SipMessage): void {
  for (const name of SINGLE_MANDATORY) {
    const count = message.headers.count(name);
    if (count === 0) throw new SipParseError(`missing ${name}`);
    if (count > 1) throw new SipParseError(`more than one ${name}`);
  }
  if (message.via.length === 0) throw new SipParseError('missing Via');
  void message.from;
  void message.to;
  void message.callId;
  const { method } = message.cseq;
  if (message instanceof SipRequest && method !== message.method) {
    throw new SipParseError('CSeq method differs from the request method');
  }
}
