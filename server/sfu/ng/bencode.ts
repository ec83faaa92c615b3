/**
 * Bencode, the encoding of rtpengine's ng control protocol (BEP 3): byte strings (`4:spam`),
 * integers (`i42e`), lists (`l...e`) and dictionaries (`d...e`, keys are byte strings in sorted
 * order). Both directions return a result instead of throwing: a datagram from the network can hold
 * anything, and a bad one must never break the channel that reads it.
 */

/** A decoded or encodable value. Byte strings are `string` (UTF-8) or `Buffer` (raw bytes). */
export type BencodeValue = string | Buffer | number | readonly BencodeValue[] | BencodeDict;

/** A dictionary; keys whose value is `undefined` are left out when encoding (optional ng fields). */
export interface BencodeDict {
  readonly [key: string]: BencodeValue | undefined;
}

export type BencodeErrorCode =
  | 'unexpected-end'
  | 'unexpected-byte'
  | 'bad-integer'
  | 'integer-out-of-range'
  | 'bad-length'
  | 'unsorted-keys'
  | 'duplicate-key'
  | 'too-deep'
  | 'trailing-bytes'
  | 'unencodable';

/** Why a value could not be decoded or encoded; `offset` is the byte where decoding gave up. */
export class BencodeError extends Error {
  override name = 'BencodeError';
  constructor(
    readonly code: BencodeErrorCode,
    message: string,
    readonly offset = -1,
  ) {
    super(offset >= 0 ? `${message} at byte ${offset}` : message);
  }
}

export type BencodeResult<T> = { ok: true; value: T } | { ok: false; error: BencodeError };

export interface DecodeOptions {
  /** `string` (default) decodes byte strings as UTF-8 text; `buffer` keeps them as raw bytes. */
  bytes?: 'string' | 'buffer';
  /**
   * Refuse dictionaries whose keys are not in sorted order (BEP 3). rtpengine writes keys in the
   * order it builds them, so the ng channel decodes with `false`; duplicates are refused either way.
   */
  requireSortedKeys?: boolean;
  /** Deepest nesting of lists and dictionaries accepted (default 32). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 32;
const COLON = 0x3a;
const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_D = 0x64;
const CHAR_E = 0x65;
const CHAR_I = 0x69;
const CHAR_L = 0x6c;
/** Digits of Number.MAX_SAFE_INTEGER: longer integers and lengths are refused before parsing. */
const MAX_DIGITS = 16;

export function decodeBencode(input: Uint8Array, options: DecodeOptions = {}): BencodeResult<BencodeValue> {
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const decoder = new Decoder(bytes, options);
  try {
    const value = decoder.value(0);
    if (decoder.offset !== bytes.length) {
      return failure('trailing-bytes', 'bytes after the end of the value', decoder.offset);
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof BencodeError) return { ok: false, error };
    return failure('unexpected-byte', `cannot decode: ${String(error)}`, decoder.offset);
  }
}

/** The bencoding of `value`, with dictionary keys sorted by their UTF-8 bytes. */
export function encodeBencode(value: BencodeValue, maxDepth = DEFAULT_MAX_DEPTH): BencodeResult<Buffer> {
  const chunks: Buffer[] = [];
  try {
    encodeInto(value, chunks, 0, maxDepth);
  } catch (error) {
    if (error instanceof BencodeError) return { ok: false, error };
    return failure('unencodable', `cannot encode: ${String(error)}`);
  }
  return { ok: true, value: Buffer.concat(chunks) };
}

/** True when `value` is a dictionary (not a list, byte string or integer). */
export function isBencodeDict(value: BencodeValue | undefined): value is BencodeDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function failure<T>(code: BencodeErrorCode, message: string, offset = -1): BencodeResult<T> {
  return { ok: false, error: new BencodeError(code, message, offset) };
}

class Decoder {
  offset = 0;
  private readonly maxDepth: number;

  constructor(
    private readonly bytes: Buffer,
    private readonly options: DecodeOptions,
  ) {
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  value(depth: number): BencodeValue {
    const byte = this.peek();
    if (byte === CHAR_I) return this.integer();
    if (byte >= CHAR_0 && byte <= CHAR_9) return this.byteString();
    if (byte === CHAR_L || byte === CHAR_D) {
      if (depth >= this.maxDepth) throw this.error('too-deep', `nesting deeper than ${this.maxDepth}`);
      return byte === CHAR_L ? this.list(depth + 1) : this.dict(depth + 1);
    }
    throw this.error('unexpected-byte', `unexpected byte 0x${byte.toString(16).padStart(2, '0')}`);
  }

  private integer(): number {
    this.offset += 1;
    const start = this.offset;
    const end = this.bytes.indexOf(CHAR_E, start);
    if (end < 0) throw this.error('unexpected-end', 'integer without its closing "e"');
    const text = this.bytes.toString('latin1', start, end);
    // BEP 3: "i-0e is invalid. All encodings with a leading zero, such as i03e, are invalid".
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) throw this.error('bad-integer', `"${text}" is not an integer`);
    if (text.replace('-', '').length > MAX_DIGITS || !Number.isSafeInteger(Number(text))) {
      throw this.error('integer-out-of-range', `${text} is outside the safe integer range`);
    }
    this.offset = end + 1;
    return Number(text);
  }

  private length(): number {
    const start = this.offset;
    let end = start;
    while (end < this.bytes.length && this.bytes[end]! >= CHAR_0 && this.bytes[end]! <= CHAR_9) end += 1;
    if (end >= this.bytes.length) throw this.error('unexpected-end', 'byte string length without ":"');
    if (this.bytes[end] !== COLON) {
      this.offset = end;
      throw this.error('unexpected-byte', 'expected ":" after a byte string length');
    }
    const digits = end - start;
    if (digits > 1 && this.bytes[start] === CHAR_0)
      throw this.error('bad-length', 'length with a leading zero');
    if (digits > MAX_DIGITS) throw this.error('bad-length', 'length too large');
    const length = Number(this.bytes.toString('latin1', start, end));
    if (end + 1 + length > this.bytes.length) {
      throw this.error('unexpected-end', `byte string of ${length} bytes runs past the end`);
    }
    this.offset = end + 1;
    return length;
  }

  private rawBytes(): Buffer {
    const length = this.length();
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  private byteString(): string | Buffer {
    const raw = this.rawBytes();
    return this.options.bytes === 'buffer' ? Buffer.from(raw) : raw.toString('utf8');
  }

  private list(depth: number): BencodeValue[] {
    this.offset += 1;
    const items: BencodeValue[] = [];
    while (this.peek() !== CHAR_E) items.push(this.value(depth));
    this.offset += 1;
    return items;
  }

  private dict(depth: number): BencodeDict {
    this.offset += 1;
    // A null prototype: a key such as "__proto__" from the network is only ever a plain key.
    const entries: Record<string, BencodeValue> = Object.create(null) as Record<string, BencodeValue>;
    let previous: Buffer | null = null;
    while (this.peek() !== CHAR_E) {
      const keyOffset = this.offset;
      const next = this.peek();
      if (next < CHAR_0 || next > CHAR_9)
        throw this.error('unexpected-byte', 'dictionary key is not a string');
      const key = this.rawBytes();
      if (previous) {
        const order = Buffer.compare(previous, key);
        if (order === 0) throw new BencodeError('duplicate-key', 'duplicate dictionary key', keyOffset);
        if (order > 0 && this.options.requireSortedKeys !== false) {
          throw new BencodeError('unsorted-keys', 'dictionary keys out of order', keyOffset);
        }
      }
      const name = key.toString('utf8');
      if (Object.prototype.hasOwnProperty.call(entries, name)) {
        throw new BencodeError('duplicate-key', 'duplicate dictionary key', keyOffset);
      }
      previous = key;
      entries[name] = this.value(depth);
    }
    this.offset += 1;
    return entries;
  }

  private peek(): number {
    const byte = this.bytes[this.offset];
    if (byte === undefined) throw this.error('unexpected-end', 'input ends inside a value');
    return byte;
  }

  private error(code: BencodeErrorCode, message: string): BencodeError {
    return new BencodeError(code, message, this.offset);
  }
}

function encodeInto(value: BencodeValue, chunks: Buffer[], depth: number, maxDepth: number): void {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    chunks.push(Buffer.from(`${bytes.length}:`, 'latin1'), bytes);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new BencodeError('unencodable', `${value} is not a safe integer`);
    }
    chunks.push(Buffer.from(`i${Object.is(value, -0) ? 0 : value}e`, 'latin1'));
  } else if (Buffer.isBuffer(value)) {
    chunks.push(Buffer.from(`${value.length}:`, 'latin1'), value);
  } else if (Array.isArray(value)) {
    if (depth >= maxDepth) throw new BencodeError('too-deep', `nesting deeper than ${maxDepth}`);
    chunks.push(Buffer.from('l'));
    for (const item of value as readonly BencodeValue[]) {
      if (item === undefined) throw new BencodeError('unencodable', 'undefined inside a list');
      encodeInto(item, chunks, depth + 1, maxDepth);
    }
    chunks.push(Buffer.from('e'));
  } else if (isBencodeDict(value)) {
    if (depth >= maxDepth) throw new BencodeError('too-deep', `nesting deeper than ${maxDepth}`);
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }))
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    chunks.push(Buffer.from('d'));
    for (const { key, bytes } of keys) {
      chunks.push(Buffer.from(`${bytes.length}:`, 'latin1'), bytes);
      encodeInto(value[key]!, chunks, depth + 1, maxDepth);
    }
    chunks.push(Buffer.from('e'));
  } else {
    throw new BencodeError('unencodable', `a ${typeof value} has no bencoding`);
  }
}
