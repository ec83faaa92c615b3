/**
 * The typed values of the SIP message layer (RFC 3261 sections 7, 19, 20 and 25). They are
 * read-only snapshots: a message stores its headers as text and parses these on first access.
 * To change a header, write its text back through `SipHeaders` or a message helper.
 */
import type { SipHeadersInit } from './headers.js';

/**
 * Parameters of a URI, a Via or a name-addr, in the order received. Names are lower-cased (RFC
 * 3261 7.3.1: parameter names are case-insensitive); a parameter without a value (`;lr`) maps to
 * `null`. Header parameter values are kept as written: a quoted-string keeps its quotes (use
 * `unquote()`), so that a value re-serialises exactly.
 */
export type SipParams = ReadonlyMap<string, string | null>;

/**
 * A SIP, SIPS or tel URI (RFC 3261 19.1.1, RFC 3966).
 *
 *   SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *
 * Components keep their escapes (`%40`) as received; `urisEqual` compares them unescaped. For a
 * tel URI the number is in `user` and `host` is empty.
 */
export interface SipUri {
  readonly scheme: 'sip' | 'sips' | 'tel';
  readonly user?: string;
  readonly password?: string;
  /** Host name, IPv4 address or IPv6 reference with its brackets (`[2001:db8::1]`). */
  readonly host: string;
  readonly port?: number;
  readonly params: SipParams;
  /** URI headers (`?Subject=lunch&Priority=urgent`), names as written. */
  readonly headers: ReadonlyMap<string, string>;
}

/** Any other absoluteURI (RFC 3261 25.1), e.g. `mailto:` or `urn:`: kept as an opaque string. */
export interface AbsoluteUri {
  /** Lower-cased scheme. */
  readonly scheme: string;
  /** Everything after the first colon. */
  readonly opaque: string;
}

export type Uri = SipUri | AbsoluteUri;

/**
 * A From, To, Contact, Route, Record-Route or Refer-To value (RFC 3261 20.10, 25.1):
 *
 *   (name-addr / addr-spec) *( SEMI generic-param )
 *   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
 */
export interface NameAddr {
  /** Without quotes and escapes; undefined when absent. */
  readonly displayName?: string;
  readonly uri: Uri;
  /** Header parameters: `tag`, `expires`, `q`, `+sip.instance`, `reg-id`... */
  readonly params: SipParams;
}

/** The transports RFC 3261 and RFC 7118 name; any other token is kept as an extension. */
export type ViaTransport = 'UDP' | 'TCP' | 'TLS' | 'SCTP' | 'TLS-SCTP' | 'WS' | 'WSS' | (string & {});

/**
 * One Via value (RFC 3261 20.42):
 *
 *   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
 */
export interface Via {
  /** `SIP/2.0`. */
  readonly protocol: string;
  /** Upper-cased transport. */
  readonly transport: ViaTransport;
  /** Host name, IPv4 address or bracketed IPv6 reference. */
  readonly host: string;
  readonly port?: number;
  /** `branch`, `received`, `rport` (null when asked for, a number string once filled), `maddr`, `ttl`... */
  readonly params: SipParams;
  /** The branch parameter; missing from RFC 2543 peers. */
  readonly branch?: string;
}

/** RFC 3261 20.16: `CSeq: 4711 INVITE`. */
export interface CSeq {
  /** Below 2**31. */
  readonly seq: number;
  /** Case-sensitive, as the method of the request. */
  readonly method: string;
}

/** RFC 3261 20.15: `Content-Type: application/sdp;charset=utf-8`. */
export interface ContentType {
  /** Lower-cased `type/subtype`, e.g. `application/sdp`. */
  readonly mediaType: string;
  readonly params: SipParams;
}

export interface ParseOptions {
  /** Larger messages are refused (default 65536, the largest UDP payload). */
  maxBytes?: number;
}

/** What a request is built from; `uri` may be text, parsed on the spot. */
export interface SipRequestInit {
  method: string;
  uri: Uri | string;
  /** A `SipHeaders` instance is adopted, not copied. */
  headers?: SipHeadersInit;
  /** Text is encoded as UTF-8. */
  body?: Buffer | string;
}

/** What a response is built from; `reason` defaults to the phrase of `status`. */
export interface SipResponseInit {
  status: number;
  reason?: string;
  /** A `SipHeaders` instance is adopted, not copied. */
  headers?: SipHeadersInit;
  body?: Buffer | string;
}
