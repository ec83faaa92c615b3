/**
 * SIP requests and responses (RFC 3261 section 7).
 *
 *   generic-message  =  start-line *message-header CRLF [ message-body ]
 *
 * A message keeps its headers as text in `SipHeaders` and parses a typed value the first time it
 * is read, caching it until the headers change. A header that does not parse throws
 * `SipParseError` from its accessor; `parseSipMessage` has already checked the ones every layer
 * needs (Via, From, To, Call-ID, CSeq).
 */
import {
  parseCallId,
  parseContentLength,
  parseContentType,
  parseCSeq,
  parseDeltaSeconds,
  parseMaxForwards,
} from './header-values.js';
import { SipHeaders, type SipHeadersInit } from './headers.js';
import { parseNameAddr } from './name-addr.js';
import { reasonPhrase } from './reason-phrases.js';
import type {
  ContentType,
  CSeq,
  NameAddr,
  SipRequestInit,
  SipResponseInit,
  Uri,
  Via,
} from './sip-message-types.js';
import { SipParseError } from './sip-parse-error.js';
import { isToken } from './syntax.js';
import { formatUri, parseUri } from './uri.js';
import { formatVia, parseVia, withViaParams } from './via.js';

const EMPTY_BODY = Buffer.alloc(0);

function toBody(body: Buffer | string | undefined): Buffer {
  if (body === undefined) return EMPTY_BODY;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export abstract class SipMessage {
  readonly headers: SipHeaders;
  #body: Buffer;
  readonly #cache = new Map<string, unknown>();
  #cacheVersion: number;

  protected constructor(headers: SipHeadersInit | undefined, body: Buffer | string | undefined) {
    this.headers = headers instanceof SipHeaders ? headers : new SipHeaders(headers);
    this.#body = toBody(body);
    this.#cacheVersion = this.headers.version;
  }

  /** The Request-Line or Status-Line, without CRLF. */
  abstract get startLine(): string;

  get body(): Buffer {
    return this.#body;
  }

  set body(value: Buffer | string) {
    this.#body = toBody(value);
  }

  get bodyText(): string {
    return this.#body.toString('utf8');
  }

  /** Every Via value, top first. */
  get via(): readonly Via[] {
    return this.#cached('via', () => this.headers.getAll('via').map(parseVia));
  }

  get topVia(): Via {
    const top = this.via[0];
    if (top === undefined) throw new SipParseError('missing Via');
    return top;
  }

  get from(): NameAddr {
    return this.#required('from', 'From', (value) => parseNameAddr(value, 'From'));
  }

  get to(): NameAddr {
    return this.#required('to', 'To', (value) => parseNameAddr(value, 'To'));
  }

  get fromTag(): string | undefined {
    return this.from.params.get('tag') ?? undefined;
  }

  get toTag(): string | undefined {
    return this.to.params.get('tag') ?? undefined;
  }

  get callId(): string {
    return this.#required('call-id', 'Call-ID', parseCallId);
  }

  get cseq(): CSeq {
    return this.#required('cseq', 'CSeq', parseCSeq);
  }

  /**
   * The Contact addresses; empty for `Contact: *`. RFC 3261 10.2.2: "the '*' ... MUST NOT be used
   * unless the Expires header field is present with a value of 0"; it may not mix with addresses.
   */
  get contacts(): readonly NameAddr[] {
    return this.#cached('contact', () => {
      const values = this.headers.getAll('contact');
      if (values.includes('*')) {
        if (values.length > 1) throw new SipParseError('malformed Contact');
        return [];
      }
      return values.map((value) => parseNameAddr(value, 'Contact'));
    });
  }

  /** `Contact: *`, the REGISTER that removes every binding (RFC 3261 10.2.2). */
  get isContactWildcard(): boolean {
    const values = this.headers.getAll('contact');
    return values.length === 1 && values[0] === '*';
  }

  get routes(): readonly NameAddr[] {
    return this.#list('route', 'Route');
  }

  get recordRoutes(): readonly NameAddr[] {
    return this.#list('record-route', 'Record-Route');
  }

  /** RFC 3515 Refer-To, the target of a transfer; undefined when absent. */
  get referTo(): NameAddr | undefined {
    return this.#optional('refer-to', 'Refer-To', (value) => parseNameAddr(value, 'Refer-To'));
  }

  /**
   * Undefined when absent, as from some older devices. RFC 3261 16.6 step 3: "If the copy does not
   * contain a Max-Forwards header field, the proxy MUST add one with a field value, which SHOULD be 70."
   */
  get maxForwards(): number | undefined {
    return this.#optional('max-forwards', 'Max-Forwards', parseMaxForwards);
  }

  get expires(): number | undefined {
    return this.#optional('expires', 'Expires', (value) => parseDeltaSeconds(value, 'Expires'));
  }

  get contentType(): ContentType | undefined {
    return this.#optional('content-type', 'Content-Type', parseContentType);
  }

  /** The Content-Length header as received; serialisation always writes the body's length. */
  get contentLength(): number | undefined {
    return this.#optional('content-length', 'Content-Length', parseContentLength);
  }

  /** Methods from Allow, in order. */
  get allow(): readonly string[] {
    return this.headers.getAll('allow');
  }

  /** Option tags from Supported. */
  get supported(): readonly string[] {
    return this.headers.getAll('supported');
  }

  /** Option tags from Require. */
  get require(): readonly string[] {
    return this.headers.getAll('require');
  }

  get userAgent(): string | undefined {
    return this.headers.get('user-agent');
  }

  /**
   * Sets (value, or null for a flag) or removes (undefined) parameters of the top Via, e.g.
   * `received` and `rport` (RFC 3261 18.2.1, RFC 3581 4). Returns the new top Via.
   */
  setTopViaParams(changes: Readonly<Record<string, string | number | null | undefined>>): Via {
    const updated = withViaParams(this.topVia, changes);
    this.headers.replaceFirst('via', formatVia(updated));
    return updated;
  }

  /**
   * Removes the top Via and returns it. RFC 3261 8.1.3.3: "If more than one Via header field value
   * is present in a response, the UAC SHOULD discard the message"; a proxy strips its own (16.7).
   */
  removeTopVia(): Via | undefined {
    const top = this.via[0];
    if (top !== undefined) this.headers.removeFirst('via');
    return top;
  }

  /**
   * The message as bytes, with Content-Length set to the body's length. RFC 3261 18.3: "The
   * Content-Length header field value is used to locate the end of each SIP message in a stream.
   * It will always be present when SIP messages are sent over stream-oriented transports."
   */
  toBuffer(): Buffer {
    const head = this.#head();
    const body = this.#body;
    if (body.length === 0) return Buffer.from(head, 'utf8');
    const headLength = Buffer.byteLength(head, 'utf8');
    const bytes = Buffer.allocUnsafe(headLength + body.length);
    bytes.write(head, 0, 'utf8');
    body.copy(bytes, headLength);
    return bytes;
  }

  /** The message as text (body decoded as UTF-8), for logs and tests. */
  toString(): string {
    return this.#head() + this.bodyText;
  }

  #head(): string {
    return `${this.startLine}\r\n${this.headers.serializeWithContentLength(this.#body.length)}\r\n`;
  }

  #cached<T>(key: string, compute: () => T): T {
    if (this.#cacheVersion !== this.headers.version) {
      this.#cache.clear();
      this.#cacheVersion = this.headers.version;
    }
    if (this.#cache.has(key)) return this.#cache.get(key) as T;
    const value = compute();
    this.#cache.set(key, value);
    return value;
  }

  #required<T>(key: string, name: string, parse: (value: string) => T): T {
    return this.#cached(key, () => {
      const value = this.headers.get(name);
      if (value === undefined) throw new SipParseError(`missing ${name}`);
      return parse(value);
    });
  }

  #optional<T>(key: string, name: string, parse: (value: string) => T): T | undefined {
    return this.#cached(key, () => {
      const value = this.headers.get(name);
      return value === undefined ? undefined : parse(value);
    });
  }

  #list(key: string, name: string): readonly NameAddr[] {
    return this.#cached(key, () => this.headers.getAll(name).map((value) => parseNameAddr(value, name)));
  }
}

/** RFC 3261 7.1: `Request-Line = Method SP Request-URI SP SIP-Version CRLF`. */
export class SipRequest extends SipMessage {
  readonly method: string;
  /** Mutable: a proxy retargets it (RFC 3261 16.5), a UAC points it at the next hop's contact. */
  uri: Uri;

  constructor(init: SipRequestInit) {
    super(init.headers, init.body);
    if (!isToken(init.method)) throw new TypeError(`invalid SIP method: ${JSON.stringify(init.method)}`);
    this.method = init.method;
    this.uri = typeof init.uri === 'string' ? uriFromText(init.uri) : init.uri;
  }

  get startLine(): string {
    return `${this.method} ${formatUri(this.uri)} SIP/2.0`;
  }
}

/** RFC 3261 7.2: `Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF`. */
export class SipResponse extends SipMessage {
  readonly status: number;
  readonly reason: string;

  constructor(init: SipResponseInit) {
    super(init.headers, init.body);
    if (!Number.isInteger(init.status) || init.status < 100 || init.status > 699) {
      throw new TypeError(`invalid SIP status code: ${init.status}`);
    }
    const reason = init.reason ?? reasonPhrase(init.status);
    if (/[\r\n]/.test(reason))
      throw new TypeError(`SIP reason phrase with a line break: ${JSON.stringify(reason)}`);
    this.status = init.status;
    this.reason = reason;
  }

  get startLine(): string {
    return `SIP/2.0 ${this.status} ${this.reason}`;
  }
}

function uriFromText(text: string): Uri {
  try {
    return parseUri(text);
  } catch {
    throw new TypeError(`invalid Request-URI: ${JSON.stringify(text)}`);
  }
}
