/**
 * The lexical layer under Authorization / Proxy-Authorization values: a scheme followed by a comma-separated
 * list of `name=value` parameters, each value a token or a quoted-string. Works on the header value string
 * only; it never throws, whatever the input.
 *
 * RFC 3261 section 25.1:
 *   auth-param     =  auth-param-name EQUAL ( token / quoted-string )
 *   quoted-string  =  SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
 *   qdtext         =  LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
 *   quoted-pair    =  "\" (%x00-09 / %x0B-0C / %x0E-7F)
 *   token          =  1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )
 */

export interface AuthParam {
  /** Lower-cased: RFC 3261 section 7.3.1 makes parameter names case-insensitive. */
  readonly name: string;
  /** Unquoted and unescaped. */
  readonly value: string;
  readonly quoted: boolean;
}

export interface AuthParamsSyntaxError {
  readonly message: string;
  /** Index in the (unfolded) value where the problem was found. */
  readonly offset: number;
}

export type AuthParamsParse =
  | { ok: true; scheme: string; params: AuthParam[] }
  /** `scheme` is set when the scheme itself could be read, so a caller can tell "not mine" from "broken". */
  | { ok: false; scheme?: string; error: AuthParamsSyntaxError };

const TOKEN_CHAR = /[A-Za-z0-9\-.!%*_+`'~]/;

/**
 * RFC 3261 section 7.3.1: header values may be folded over lines; "LWS = [*WSP CRLF] 1*WSP", so a line break
 * followed by white space is equivalent to a single space.
 */
function unfold(text: string): string {
  return text.replace(/\r?\n[ \t]+/g, ' ');
}

class Scanner {
  position = 0;
  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.position);
  }

  skipWhitespace(): number {
    const start = this.position;
    while (this.peek() === ' ' || this.peek() === '\t') this.position += 1;
    return this.position - start;
  }

  token(): string {
    const start = this.position;
    while (!this.atEnd && TOKEN_CHAR.test(this.peek())) this.position += 1;
    return this.text.slice(start, this.position);
  }

  /** Reads a quoted-string whose opening DQUOTE is at the current position; undefined when malformed. */
  quotedString(): string | undefined {
    this.position += 1;
    let value = '';
    while (!this.atEnd) {
      const char = this.peek();
      const code = char.charCodeAt(0);
      this.position += 1;
      if (char === '"') return value;
      if (char === '\\') {
        if (this.atEnd) return undefined;
        const escaped = this.peek();
        const escapedCode = escaped.charCodeAt(0);
        if (escapedCode === 0x0a || escapedCode === 0x0d || escapedCode > 0x7f) return undefined;
        value += escaped;
        this.position += 1;
        continue;
      }
      if ((code < 0x20 && char !== '\t') || code === 0x7f) return undefined;
      value += char;
    }
    return undefined;
  }
}

function failure(message: string, offset: number, scheme?: string): AuthParamsParse {
  return { ok: false, scheme, error: { message, offset } };
}

/** Splits `Scheme name=value, name="value"` into its scheme and parameters, in order, duplicates kept. */
export function parseAuthParams(headerValue: string): AuthParamsParse {
  const scanner = new Scanner(unfold(headerValue));
  scanner.skipWhitespace();
  const scheme = scanner.token();
  if (scheme === '') return failure('expected an authentication scheme', scanner.position);
  if (!scanner.atEnd && scanner.skipWhitespace() === 0) {
    return failure('expected white space after the scheme', scanner.position, scheme);
  }

  const params: AuthParam[] = [];
  let expectingParam = true;
  while (true) {
    scanner.skipWhitespace();
    if (scanner.atEnd) break;
    if (scanner.peek() === ',') {
      // RFC 7230 section 7: empty list elements are ignored.
      scanner.position += 1;
      expectingParam = true;
      continue;
    }
    if (!expectingParam) return failure('expected "," between parameters', scanner.position, scheme);

    const name = scanner.token();
    if (name === '') return failure('expected a parameter name', scanner.position, scheme);
    scanner.skipWhitespace();
    if (scanner.peek() !== '=') return failure(`expected "=" after ${name}`, scanner.position, scheme);
    scanner.position += 1;
    scanner.skipWhitespace();

    if (scanner.peek() === '"') {
      const start = scanner.position;
      const value = scanner.quotedString();
      if (value === undefined) return failure(`malformed quoted-string for ${name}`, start, scheme);
      params.push({ name: name.toLowerCase(), value, quoted: true });
    } else {
      const value = scanner.token();
      if (value === '')
        return failure(`expected a token or quoted-string for ${name}`, scanner.position, scheme);
      params.push({ name: name.toLowerCase(), value, quoted: false });
    }
    expectingParam = false;
  }
  return { ok: true, scheme, params };
}
