/**
 * Invalid test messages in the spirit of RFC 4475: each breaks a rule RFC 3261 gives no room on,
 * and must be refused with SipParseError (never another exception).
 */
import { sipText } from './sip-text.fixture.js';

/** A request that parses, with the named lines replaced (null drops one) and `+name` entries appended. */
function requestWith(replace: Readonly<Record<string, string | null>>, startLine?: string): string {
  const lines = [
    startLine ?? 'INVITE sip:agent@tandem.example.com SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKbad',
    'Max-Forwards: 70',
    'From: <sip:caller@example.org>;tag=bad1',
    'To: <sip:agent@tandem.example.com>',
    'Call-ID: invalid-vector',
    'CSeq: 1 INVITE',
    'Content-Length: 0',
  ];
  const result: string[] = [];
  for (const line of lines) {
    const name = line.slice(0, line.indexOf(':'));
    const replacement = replace[name];
    if (replacement === undefined) result.push(line);
    else if (replacement !== null) result.push(replacement);
  }
  for (const [name, replacement] of Object.entries(replace)) {
    if (name.startsWith('+') && replacement !== null) result.push(replacement);
  }
  return sipText(result);
}

function responseWith(
  replace: Readonly<Record<string, string | null>>,
  statusLine = 'SIP/2.0 200 OK',
): string {
  return requestWith(replace, statusLine);
}

export interface InvalidVector {
  readonly name: string;
  readonly data: string | Buffer;
  /** Part of the expected reason. */
  readonly reason: string;
  readonly status?: number;
}

export const INVALID_MESSAGES: readonly InvalidVector[] = [
  { name: 'nothing at all', data: '', reason: 'empty' },
  { name: 'only CRLFs', data: '\r\n\r\n\r\n', reason: 'empty' },
  { name: 'a line of garbage', data: 'hello world\r\n\r\n', reason: 'start line' },
  { name: 'no empty line after the headers', data: requestWith({}).trimEnd(), reason: 'empty line' },
  {
    name: 'two spaces in the Request-Line',
    data: requestWith({}, 'INVITE  sip:agent@tandem.example.com SIP/2.0'),
    reason: 'Request-URI',
  },
  {
    name: 'a Request-URI in angle brackets',
    data: requestWith({}, 'INVITE <sip:agent@tandem.example.com> SIP/2.0'),
    reason: 'Request-URI',
  },
  {
    name: 'a space inside the Request-URI',
    data: requestWith({}, 'INVITE sip:agent smith@tandem.example.com SIP/2.0'),
    reason: 'Request-URI',
  },
  {
    name: 'an IPv6 Request-URI without brackets',
    data: requestWith({}, 'INVITE sip:agent@2001:db8::10 SIP/2.0'),
    reason: 'Request-URI',
  },
  {
    name: 'a bad escape in the Request-URI',
    data: requestWith({}, 'INVITE sip:ag%zznt@tandem.example.com SIP/2.0'),
    reason: 'Request-URI',
  },
  {
    name: 'no SIP version',
    data: requestWith({}, 'INVITE sip:agent@tandem.example.com'),
    reason: 'start line',
  },
  {
    name: 'SIP/7.0',
    data: requestWith({}, 'INVITE sip:agent@tandem.example.com SIP/7.0'),
    reason: 'version',
    status: 505,
  },
  {
    name: 'a response from SIP/3.0',
    data: responseWith({}, 'SIP/3.0 200 OK'),
    reason: 'version',
    status: 505,
  },
  {
    name: 'an HTTP request',
    data: requestWith({}, 'GET /index.html HTTP/1.1'),
    reason: 'start line',
  },
  {
    name: 'a method that is not a token',
    data: requestWith({}, 'INV@TE sip:a@b SIP/2.0'),
    reason: 'start line',
  },
  { name: 'a two-digit status code', data: responseWith({}, 'SIP/2.0 20 OK'), reason: 'status code' },
  { name: 'a four-digit status code', data: responseWith({}, 'SIP/2.0 2000 OK'), reason: 'status code' },
  { name: 'status code 099', data: responseWith({}, 'SIP/2.0 099 Early'), reason: 'status code' },
  { name: 'status code 700', data: responseWith({}, 'SIP/2.0 700 Beyond'), reason: 'status code' },
  { name: 'a status code with letters', data: responseWith({}, 'SIP/2.0 2O0 OK'), reason: 'status code' },
  { name: 'a status line without a code', data: responseWith({}, 'SIP/2.0'), reason: 'start line' },
  { name: 'a request without To', data: requestWith({ To: null }), reason: 'missing To' },
  { name: 'a request without From', data: requestWith({ From: null }), reason: 'missing From' },
  { name: 'a request without Call-ID', data: requestWith({ 'Call-ID': null }), reason: 'missing Call-ID' },
  { name: 'a request without CSeq', data: requestWith({ CSeq: null }), reason: 'missing CSeq' },
  { name: 'a request without Via', data: requestWith({ Via: null }), reason: 'missing Via' },
  { name: 'a request with an empty Via', data: requestWith({ Via: 'Via:' }), reason: 'missing Via' },
  { name: 'a response without Via', data: responseWith({ Via: null }), reason: 'missing Via' },
  { name: 'a response without Call-ID', data: responseWith({ 'Call-ID': null }), reason: 'missing Call-ID' },
  {
    name: 'two To headers',
    data: requestWith({ '+to': 't: <sip:other@example.org>' }),
    reason: 'more than one To',
  },
  {
    name: 'two Call-ID headers',
    data: requestWith({ '+callid': 'Call-ID: second-one' }),
    reason: 'more than one Call-ID',
  },
  {
    name: 'two CSeq headers',
    data: requestWith({ '+cseq': 'CSeq: 2 INVITE' }),
    reason: 'more than one CSeq',
  },
  { name: 'a CSeq without a number', data: requestWith({ CSeq: 'CSeq: INVITE' }), reason: 'CSeq' },
  { name: 'a negative CSeq', data: requestWith({ CSeq: 'CSeq: -1 INVITE' }), reason: 'CSeq' },
  { name: 'a CSeq of 2**31', data: requestWith({ CSeq: 'CSeq: 2147483648 INVITE' }), reason: 'CSeq' },
  { name: 'a CSeq without a method', data: requestWith({ CSeq: 'CSeq: 1' }), reason: 'CSeq' },
  { name: 'a CSeq with junk after', data: requestWith({ CSeq: 'CSeq: 1 INVITE extra' }), reason: 'CSeq' },
  { name: 'a CSeq method that differs', data: requestWith({ CSeq: 'CSeq: 1 BYE' }), reason: 'CSeq method' },
  {
    name: 'a CSeq method in another case',
    data: requestWith({ CSeq: 'CSeq: 1 invite' }),
    reason: 'CSeq method',
  },
  { name: 'a Via without sent-by', data: requestWith({ Via: 'Via: SIP/2.0/UDP' }), reason: 'Via' },
  {
    name: 'a Via without the transport',
    data: requestWith({ Via: 'Via: SIP/2.0 192.0.2.1;branch=z9hG4bKx' }),
    reason: 'Via',
  },
  {
    name: 'a Via with a port too large',
    data: requestWith({ Via: 'Via: SIP/2.0/UDP 192.0.2.1:70000;branch=z9hG4bKx' }),
    reason: 'Via',
  },
  {
    name: 'a Via with a branch but no value',
    data: requestWith({ Via: 'Via: SIP/2.0/UDP 192.0.2.1;branch' }),
    reason: 'Via',
  },
  {
    name: 'a Via with ttl above 255',
    data: requestWith({ Via: 'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx;ttl=300' }),
    reason: 'Via',
  },
  {
    name: 'a Via with an IPv6 address without brackets',
    data: requestWith({ Via: 'Via: SIP/2.0/UDP 2001:db8::1;branch=z9hG4bKx' }),
    reason: 'Via',
  },
  {
    name: 'a second Via value that is malformed',
    data: requestWith({ Via: 'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx, garbage' }),
    reason: 'Via',
  },
  {
    name: 'Content-Length larger than the body',
    data: requestWith({ 'Content-Length': 'Content-Length: 10' }) + 'short',
    reason: 'Content-Length',
  },
  {
    name: 'a non-numeric Content-Length',
    data: requestWith({ 'Content-Length': 'Content-Length: ten' }),
    reason: 'Content-Length',
  },
  {
    name: 'a negative Content-Length',
    data: requestWith({ 'Content-Length': 'Content-Length: -1' }),
    reason: 'Content-Length',
  },
  {
    name: 'two different Content-Length values',
    data: requestWith({ '+cl': 'l: 3' }) + 'abc',
    reason: 'Content-Length',
  },
  {
    name: 'a header line without a colon',
    data: requestWith({ '+bad': 'Just some words' }),
    reason: 'colon',
  },
  { name: 'a header name with a space', data: requestWith({ '+bad': 'Bad Name: x' }), reason: 'header name' },
  { name: 'an empty header name', data: requestWith({ '+bad': ': value' }), reason: 'header name' },
  {
    name: 'a continuation line before any header',
    data: sipText(['OPTIONS sip:a@b SIP/2.0', '  folded: nothing', 'Via: SIP/2.0/UDP h;branch=z9hG4bKx']),
    reason: 'continuation',
  },
  {
    name: 'a stray CR inside a header',
    data: requestWith({ '+cr': 'Subject: one\rtwo' }),
    reason: 'CR',
  },
  {
    name: 'an unclosed <',
    data: requestWith({ From: 'From: <sip:caller@example.org;tag=1' }),
    reason: 'From',
  },
  {
    name: 'an unterminated quoted display name',
    data: requestWith({ To: 'To: "Agent <sip:agent@tandem.example.com>' }),
    reason: 'To',
  },
  {
    name: 'a space inside the bracketed URI',
    data: requestWith({ From: 'From: <sip:the caller@example.org>;tag=1' }),
    reason: 'From',
  },
  {
    name: 'an unquoted display name with separators',
    data: requestWith({ From: 'From: Smith, John <sip:js@example.org>;tag=1' }),
    reason: 'From',
  },
  {
    name: 'two addresses in From',
    data: requestWith({ From: 'From: <sip:a@example.org>;tag=1, <sip:b@example.org>' }),
    reason: 'From',
  },
  { name: 'a To that is not a URI', data: requestWith({ To: 'To: agent' }), reason: 'To' },
  {
    name: 'a Call-ID with a space',
    data: requestWith({ 'Call-ID': 'Call-ID: two words' }),
    reason: 'Call-ID',
  },
  {
    name: 'NUL bytes in the start line',
    data: requestWith({}, 'INVITE sip:agent@tandem.example.com\u0000 SIP/2.0'),
    reason: 'Request-URI',
  },
  { name: 'a CR inside the start line', data: responseWith({}, 'SIP/2.0 200 O\rK'), reason: 'start line' },
  {
    name: 'binary junk',
    data: Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
    reason: '',
  },
];
