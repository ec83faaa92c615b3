/**
 * The small pieces of the RFC 3261 grammar (section 25.1) that every header parser shares:
 * tokens, whitespace, quoted strings, top-level splitting and generic parameters.
 *
 *   token          =  1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )
 *   quoted-string  =  SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
 *   generic-param  =  token [ EQUAL gen-value ]
 *   gen-value      =  token / host / quoted-string
 */
import { malformed } from './sip-parse-error.js';

/** A lookup table over ASCII: 1 where the character belongs to the class. */
export function charClass(chars: string, withAlphanumerics = true): Uint8Array {
  const table = new Uint8Array(128);
  const all = withAlphanumerics
    ? `${chars}abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`
    : chars;
  for (let i = 0; i < all.length; i++) table[all.charCodeAt(i)] = 1;
  return table;
}

const TOKEN = charClass("-.!%*_+`'~");

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const LESS_THAN = 60;
const GREATER_THAN = 62;
const SEMICOLON = 59;
const EQUALS = 61;
const COMMA = 44;

export function isTokenCode(code: number): boolean {
  return code < 128 && TOKEN[code] === 1;
}

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!isTokenCode(text.charCodeAt(i))) return false;
  }
  return true;
}

export function isWhitespaceCode(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** Index of the first character at or after `index` that is not SP or HTAB. */
export function skipWhitespace(text: string, index: number): number {
  let i = index;
  while (i < text.length && isWhitespaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** Non-empty, without whitespace or control characters (a Call-ID, an opaque URI). */
export function isVisibleText(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= SPACE || code === 127) return false;
  }
  return true;
}

/**
 * The index just after the quoted-string that opens at `start`, or -1 when it is not closed.
 *
 *   quoted-pair  =  "\" (%x00-09 / %x0B-0C / %x0E-7F)
 */
export function endOfQuotedString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i++;
    else if (code === QUOTE) return i + 1;
  }
  return -1;
}

/** The content of a quoted-string without its quotes and escapes; other text is returned as is. */
export function unquote(value: string): string {
  if (value.length < 2 || value.charCodeAt(0) !== QUOTE || value.charCodeAt(value.length - 1) !== QUOTE) {
    return value;
  }
  const inner = value.slice(1, -1);
  return inner.includes('\\') ? inner.replace(/\\(.)/gs, '$1') : inner;
}

/** A quoted-string holding `text`, escaping `"` and `\`. */
export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Splits `text` at each `separator` that is outside quoted strings and `<...>`, trimming the
 * parts. RFC 3261 7.3.1 lets the rows of a comma-separated list header be combined into one row,
 * "each separated by a comma"; commas inside a quoted display name or a bracketed URI do not count.
 */
export function splitTopLevel(text: string, separator: ',' | ';'): string[] {
  const separatorCode = separator === ',' ? COMMA : SEMICOLON;
  if (!text.includes(separator)) return [text.trim()];
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  let inAngles = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inQuotes) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inQuotes = false;
    } else if (code === QUOTE) {
      inQuotes = true;
    } else if (code === LESS_THAN) {
      inAngles = true;
    } else if (code === GREATER_THAN) {
      inAngles = false;
    } else if (code === separatorCode && !inAngles) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** A character that may appear in an unquoted gen-value: token, host (IPv6 too) and tolerated extras. */
function isBareValueCode(code: number): boolean {
  if (code >= 128) return true;
  if (code <= SPACE || code === 127) return false;
  return code !== SEMICOLON && code !== COMMA && code !== QUOTE;
}

/**
 * Parses `*( SEMI generic-param )` from `text` (which must be empty or start with `;` after
 * optional whitespace). SEMI and EQUAL allow whitespace on both sides. A name given twice keeps
 * its first value. Throws `SipParseError(malformed <what>)`.
 */
export function parseParams(text: string, what: string): Map<string, string | null> {
  const params = new Map<string, string | null>();
  let i = skipWhitespace(text, 0);
  while (i < text.length) {
    if (text.charCodeAt(i) !== SEMICOLON) malformed(what);
    i = skipWhitespace(text, i + 1);
    // An empty parameter (";;" or a trailing ";") is tolerated and skipped.
    if (i >= text.length || text.charCodeAt(i) === SEMICOLON) continue;
    const nameStart = i;
    while (i < text.length && isTokenCode(text.charCodeAt(i))) i++;
    if (i === nameStart) malformed(what);
    const name = text.slice(nameStart, i).toLowerCase();
    i = skipWhitespace(text, i);
    let value: string | null = null;
    if (text.charCodeAt(i) === EQUALS) {
      i = skipWhitespace(text, i + 1);
      const valueStart = i;
      if (text.charCodeAt(i) === QUOTE) {
        i = endOfQuotedString(text, i);
        if (i < 0) malformed(what);
      } else {
        while (i < text.length && isBareValueCode(text.charCodeAt(i))) i++;
      }
      value = text.slice(valueStart, i);
      i = skipWhitespace(text, i);
    }
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

/** A value `parseParams` reads back unchanged: a bare gen-value or one whole quoted-string. */
export function isParamValue(value: string): boolean {
  if (value.charCodeAt(0) === QUOTE) return endOfQuotedString(value, 0) === value.length;
  for (let i = 0; i < value.length; i++) {
    if (!isBareValueCode(value.charCodeAt(i))) return false;
  }
  return true;
}

/** `;name=value;flag`, in map order. */
export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let text = '';
  for (const [name, value] of params) text += value === null ? `;${name}` : `;${name}=${value}`;
  return text;
}

/** Digits only, without sign or spaces; at most `maxDigits` of them. */
export function isDigits(text: string, maxDigits = 10): boolean {
  if (text.length === 0 || text.length > maxDigits) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
