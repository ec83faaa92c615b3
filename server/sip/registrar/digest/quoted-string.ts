/**
 * Writing a value as a SIP quoted-string.
 *
 * RFC 3261 section 25.1:
 *   quoted-string  =  SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
 *   quoted-pair    =  "\" (%x00-09 / %x0B-0C / %x0E-7F)
 */

/** True for C0 controls other than HTAB, and DEL. */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/**
 * Quotes `value`, escaping `"` and `\`. Throws a TypeError for control characters: a realm or nonce holding
 * one is a configuration mistake, and a CR or LF could not be written at all.
 */
export function quoteString(value: string): string {
  if (hasControlCharacter(value)) {
    throw new TypeError(
      `cannot write ${JSON.stringify(value)} as a quoted-string: it holds a control character`,
    );
  }
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
