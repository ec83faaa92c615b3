/**
 * The single-valued headers with a simple grammar (RFC 3261 20.x, 25.1): CSeq, Call-ID,
 * Max-Forwards, Expires, Content-Length, Content-Type. Each parser throws `SipParseError`.
 */
import type { ContentType, CSeq } from './sip-message-types.js';
import { malformed } from './sip-parse-error.js';
import {
  isDigits,
  isToken,
  isTokenCode,
  isVisibleText,
  isWhitespaceCode,
  parseParams,
  skipWhitespace,
} from './syntax.js';

/** RFC 3261 8.1.1.5: the sequence number "MUST be less than 2**31". */
export const MAX_CSEQ = 2 ** 31 - 1;
/** RFC 3261 20.19: Expires is "between 0 and (2**32)-1"; larger values are capped. */
const MAX_DELTA_SECONDS = 2 ** 32 - 1;

/** `CSeq = "CSeq" HCOLON 1*DIGIT LWS Method` */
export function parseCSeq(text: string): CSeq {
  let i = 0;
  while (i < text.length && !isWhitespaceCode(text.charCodeAt(i))) i++;
  const digits = text.slice(0, i);
  const method = text.slice(skipWhitespace(text, i)).trimEnd();
  if (!isDigits(digits, 10) || !isToken(method)) malformed('CSeq');
  const seq = Number(digits);
  if (seq > MAX_CSEQ) malformed('CSeq');
  return { seq, method };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}

/**
 * `callid = word [ "@" word ]`. Only whitespace and control characters are refused: Call-IDs are
 * compared byte for byte and devices use every printable character in them.
 */
export function parseCallId(text: string): string {
  if (!isVisibleText(text)) malformed('Call-ID');
  return text;
}

/** `Max-Forwards = "Max-Forwards" HCOLON 1*DIGIT`, 0 to 255 (RFC 3261 20.22). */
export function parseMaxForwards(text: string): number {
  if (!isDigits(text, 3) || Number(text) > 255) malformed('Max-Forwards');
  return Number(text);
}

/** `delta-seconds = 1*DIGIT`, capped at 2**32-1; for Expires, Min-Expires and the expires parameter. */
export function parseDeltaSeconds(text: string, what = 'Expires'): number {
  if (!isDigits(text, 20)) malformed(what);
  return Math.min(Number(text), MAX_DELTA_SECONDS);
}

/** `Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT` */
export function parseContentLength(text: string): number {
  if (!isDigits(text, 10)) malformed('Content-Length');
  return Number(text);
}

/**
 *   Content-Type  =  ( "Content-Type" / "c" ) HCOLON media-type
 *   media-type    =  m-type SLASH m-subtype *(SEMI m-parameter)
 */
export function parseContentType(text: string): ContentType {
  let i = 0;
  while (i < text.length && isTokenCode(text.charCodeAt(i))) i++;
  const type = text.slice(0, i);
  i = skipWhitespace(text, i);
  if (text.charCodeAt(i) !== 47 /* / */) malformed('Content-Type');
  const start = skipWhitespace(text, i + 1);
  i = start;
  while (i < text.length && isTokenCode(text.charCodeAt(i))) i++;
  const subtype = text.slice(start, i);
  if (type.length === 0 || subtype.length === 0) malformed('Content-Type');
  return {
    mediaType: `${type}/${subtype}`.toLowerCase(),
    params: parseParams(text.slice(i), 'Content-Type'),
  };
}
