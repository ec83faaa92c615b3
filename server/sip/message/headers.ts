/**
 * The ordered header fields of one SIP message, kept as text.
 *
 * RFC 3261 7.3.1: "The relative order of header fields with different field names is not
 * significant. However, the relative order of header field rows with the same field name is
 * important." Each row is kept as received (so Via rows stay in order and an unknown header is
 * forwarded verbatim); names are matched case-insensitively with compact forms folded in, and
 * written back in canonical form.
 */
import { resolveHeaderName, type HeaderName } from './header-names.js';
import { isToken, splitTopLevel } from './syntax.js';

class HeaderRow {
  constructor(
    readonly key: string,
    readonly name: string,
    readonly isList: boolean,
    public value: string,
  ) {}

  static of(header: HeaderName, value: string): HeaderRow {
    return new HeaderRow(header.key, header.name, header.isList, value);
  }
}

/** Header rows to start from: another container, `[name, value]` pairs or a name -> value(s) record. */
export type SipHeadersInit =
  | SipHeaders
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | readonly string[]>>;

function checkedName(name: string): HeaderName {
  if (!isToken(name)) throw new TypeError(`invalid SIP header name: ${JSON.stringify(name)}`);
  return resolveHeaderName(name);
}

function checkedValue(value: string | number): string {
  const text = typeof value === 'string' ? value.trim() : String(value);
  // A CR or LF in a value would let a caller inject header rows.
  if (text.includes('\n') || text.includes('\r')) {
    throw new TypeError(`SIP header value with a line break: ${JSON.stringify(text)}`);
  }
  return text;
}

/**
 * Appends a row the parser has already checked (name a token, value trimmed and without CR or
 * LF), skipping the checks of `append`. Not exported from the package.
 */
export let appendParsedRow: (headers: SipHeaders, name: string, value: string) => void;

function valuesOf(row: HeaderRow): string[] {
  if (!row.isList) return [row.value];
  return splitTopLevel(row.value, ',').filter((part) => part.length > 0);
}

export class SipHeaders implements Iterable<[string, string]> {
  #rows: HeaderRow[] = [];
  #version = 0;

  static {
    appendParsedRow = (headers, name, value) => {
      headers.#rows.push(HeaderRow.of(resolveHeaderName(name), value));
      headers.#version++;
    };
  }

  constructor(init?: SipHeadersInit) {
    if (init === undefined) return;
    if (init instanceof SipHeaders) {
      this.#rows = init.#rows.map((row) => new HeaderRow(row.key, row.name, row.isList, row.value));
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (typeof value === 'string' || typeof value === 'number') this.append(name, value);
        else for (const item of value) this.append(name, item);
      }
    }
  }

  /** Grows with every change, so that parsed values cached elsewhere know when to drop. */
  get version(): number {
    return this.#version;
  }

  /** Number of header rows. */
  get size(): number {
    return this.#rows.length;
  }

  has(name: string): boolean {
    const { key } = resolveHeaderName(name);
    return this.#rows.some((row) => row.key === key);
  }

  /** The first value: of a list header, the first element of its first row; else the first row. */
  get(name: string): string | undefined {
    const { key } = resolveHeaderName(name);
    for (const row of this.#rows) {
      if (row.key !== key) continue;
      if (!row.isList) return row.value;
      const first = valuesOf(row)[0];
      if (first !== undefined) return first;
    }
    return undefined;
  }

  /** Every value in order, list headers split at top-level commas (empty elements dropped). */
  getAll(name: string): string[] {
    const { key } = resolveHeaderName(name);
    const values: string[] = [];
    for (const row of this.#rows) {
      if (row.key === key) values.push(...valuesOf(row));
    }
    return values;
  }

  /** Number of rows with this name (not of list elements). */
  count(name: string): number {
    const { key } = resolveHeaderName(name);
    let count = 0;
    for (const row of this.#rows) if (row.key === key) count++;
    return count;
  }

  /** Replaces every row of this name by one row per value, where the first of them stood. */
  set(name: string, value: string | number | readonly (string | number)[]): this {
    const header = checkedName(name);
    const values = (Array.isArray(value) ? value : [value]) as (string | number)[];
    const rows = values.map((item) => HeaderRow.of(header, checkedValue(item)));
    const at = this.#rows.findIndex((row) => row.key === header.key);
    const kept = this.#rows.filter((row) => row.key !== header.key);
    kept.splice(at < 0 ? kept.length : at, 0, ...rows);
    this.#rows = kept;
    this.#version++;
    return this;
  }

  /** Adds a row after all the others. */
  append(name: string, value: string | number): this {
    this.#rows.push(HeaderRow.of(checkedName(name), checkedValue(value)));
    this.#version++;
    return this;
  }

  /** Adds a row before all the others (a proxy's Via or Record-Route goes on top). */
  prepend(name: string, value: string | number): this {
    this.#rows.unshift(HeaderRow.of(checkedName(name), checkedValue(value)));
    this.#version++;
    return this;
  }

  /** Removes every row of this name; false when there was none. */
  remove(name: string): boolean {
    const { key } = resolveHeaderName(name);
    const before = this.#rows.length;
    this.#rows = this.#rows.filter((row) => row.key !== key);
    if (this.#rows.length === before) return false;
    this.#version++;
    return true;
  }

  /** Removes the first value (first list element of the first row) and returns it. */
  removeFirst(name: string): string | undefined {
    return this.#editFirst(name, undefined);
  }

  /** Replaces the first value (first list element of the first row); returns the old one. */
  replaceFirst(name: string, value: string): string | undefined {
    return this.#editFirst(name, checkedValue(value));
  }

  #editFirst(name: string, replacement: string | undefined): string | undefined {
    const { key } = resolveHeaderName(name);
    for (let i = 0; i < this.#rows.length; i++) {
      const row = this.#rows[i]!;
      if (row.key !== key) continue;
      const [first, ...rest] = valuesOf(row);
      if (first === undefined) continue;
      if (replacement !== undefined) rest.unshift(replacement);
      if (rest.length === 0) this.#rows.splice(i, 1);
      else row.value = rest.join(', ');
      this.#version++;
      return first;
    }
    return undefined;
  }

  clone(): SipHeaders {
    return new SipHeaders(this);
  }

  /** `[name, value]` per row, in order, names canonical. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const row of this.#rows) yield [row.name, row.value];
  }

  entries(): IterableIterator<[string, string]> {
    return this[Symbol.iterator]();
  }

  /** `Name: value` CRLF per row. */
  toString(): string {
    let text = '';
    for (const row of this.#rows) text += `${row.name}: ${row.value}\r\n`;
    return text;
  }

  /**
   * Serialises the rows with the Content-Length value replaced by `contentLength` (where the
   * first such row stood, else at the end; later duplicates dropped).
   */
  serializeWithContentLength(contentLength: number): string {
    let text = '';
    let written = false;
    for (const row of this.#rows) {
      if (row.key === 'content-length') {
        if (!written) text += `Content-Length: ${contentLength}\r\n`;
        written = true;
      } else {
        text += `${row.name}: ${row.value}\r\n`;
      }
    }
    return written ? text : `${text}Content-Length: ${contentLength}\r\n`;
  }
}
