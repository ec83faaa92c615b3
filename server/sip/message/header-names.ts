/**
 * Header names: canonical spelling, compact forms and which headers are comma-separated lists.
 *
 * RFC 3261 7.3.1: "field names are always case-insensitive". 7.3.3: "SIP provides a mechanism to
 * represent common header field names in an abbreviated form ... An implementation MUST accept
 * both the long and short forms of each header name." 7.3.1 again: "Multiple header field rows
 * with the same field-name MAY be present in a message if and only if the entire field-value for
 * that header field is defined as a comma-separated list". Headers such as WWW-Authenticate or
 * Date contain commas but are not lists, so only the names below are ever split.
 */

const CANONICAL_NAMES = [
  'Accept',
  'Accept-Contact',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Allow-Events',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Encoding',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Diversion',
  'Error-Info',
  'Event',
  'Expires',
  'Flow-Timer',
  'From',
  'History-Info',
  'Identity',
  'Identity-Info',
  'In-Reply-To',
  'Max-Forwards',
  'MIME-Version',
  'Min-Expires',
  'Min-SE',
  'Organization',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Path',
  'Priority',
  'Privacy',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Refer-To',
  'Referred-By',
  'Reject-Contact',
  'Replaces',
  'Reply-To',
  'Request-Disposition',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Security-Client',
  'Security-Server',
  'Security-Verify',
  'Server',
  'Service-Route',
  'Session-Expires',
  'SIP-ETag',
  'SIP-If-Match',
  'Subject',
  'Subscription-State',
  'Supported',
  'Timestamp',
  'To',
  'Unsupported',
  'User-Agent',
  'Via',
  'Warning',
  'WWW-Authenticate',
];

/** RFC 3261 7.3.3 and the extensions that registered a compact form (RFC 3841, 3892, 3515, 4028, 4474, 6665). */
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const LIST_HEADERS = new Set([
  'accept',
  'accept-contact',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'diversion',
  'error-info',
  'history-info',
  'in-reply-to',
  'p-asserted-identity',
  'p-preferred-identity',
  'path',
  'proxy-require',
  'reason',
  'record-route',
  'reject-contact',
  'require',
  'route',
  'security-client',
  'security-server',
  'security-verify',
  'service-route',
  'supported',
  'unsupported',
  'via',
  'warning',
]);

/** How one header name is stored: `key` for lookups, `name` for serialisation. */
export interface HeaderName {
  /** Lower-cased long form: `call-id` for `i`, `I`, `call-id` or `Call-ID`. */
  readonly key: string;
  /** Canonical spelling for known headers; an unknown header keeps the spelling it arrived with. */
  readonly name: string;
  /** A comma-separated list whose values `getAll` splits. */
  readonly isList: boolean;
}

const KNOWN = new Map<string, HeaderName>();
for (const name of CANONICAL_NAMES) {
  const key = name.toLowerCase();
  KNOWN.set(key, { key, name, isList: LIST_HEADERS.has(key) });
}
for (const [letter, name] of Object.entries(COMPACT_FORMS)) {
  const known = KNOWN.get(name.toLowerCase());
  if (known) KNOWN.set(letter, known);
}

/** Spellings seen on the wire (`Via`, `v`, `CALL-ID`...), to skip lower-casing; bounded against floods. */
const SPELLINGS = new Map<string, HeaderName>();
const MAX_SPELLINGS = 2000;

export function resolveHeaderName(name: string): HeaderName {
  const seen = SPELLINGS.get(name);
  if (seen !== undefined) return seen;
  const lower = name.toLowerCase();
  const known = KNOWN.get(lower);
  if (known === undefined) return { key: lower, name, isList: false };
  if (SPELLINGS.size < MAX_SPELLINGS) SPELLINGS.set(name, known);
  return known;
}

/** The lookup key of a header name, compact forms included. */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return KNOWN.get(lower)?.key ?? lower;
}
