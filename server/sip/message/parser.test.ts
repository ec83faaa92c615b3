import { describe, expect, it } from 'vitest';
import { SipRequest, SipResponse } from './message.js';
import { parseSipMessage } from './parser.js';
import { SipParseError } from './sip-parse-error.js';
import { INVALID_MESSAGES } from './invalid-messages.fixture.js';
import { sipText, structureOf } from './sip-text.fixture.js';
import { VALID_MESSAGES } from './valid-messages.fixture.js';
import { formatUri } from './uri.js';

function parseNamed(name: string): SipRequest | SipResponse {
  const vector = VALID_MESSAGES.find((candidate) => candidate.name === name);
  if (!vector) throw new Error(`no vector named ${name}`);
  return parseSipMessage(vector.data);
}

function parseRequest(name: string): SipRequest {
  const message = parseNamed(name);
  if (!(message instanceof SipRequest)) throw new Error(`${name} is not a request`);
  return message;
}

function parseResponse(name: string): SipResponse {
  const message = parseNamed(name);
  if (!(message instanceof SipResponse)) throw new Error(`${name} is not a response`);
  return message;
}

function refusal(data: string | Buffer, options?: { maxBytes?: number }): SipParseError {
  try {
    parseSipMessage(data, options);
  } catch (error) {
    if (error instanceof SipParseError) return error;
    throw error;
  }
  throw new Error('the message was accepted');
}

describe('every valid message', () => {
  it.each(VALID_MESSAGES)('$name: parses, reads every typed value and round-trips', ({ data }) => {
    const first = parseSipMessage(data);
    const structure = structureOf(first);
    for (const [field, value] of Object.entries(structure)) {
      expect({ field, value }).not.toMatchObject({ value: { error: expect.any(String) } });
    }

    const bytes = first.toBuffer();
    const second = parseSipMessage(bytes);
    expect(structureOf(second)).toEqual(structure);
    expect(second.toBuffer().equals(bytes)).toBe(true);
  });
});

describe('every invalid message', () => {
  it.each(INVALID_MESSAGES)('$name: is refused with SipParseError', ({ data, reason, status }) => {
    const error = refusal(data);
    expect(error.reason).toContain(reason);
    expect(error.status).toBe(status ?? 400);
  });
});

describe('typed values of the valid messages', () => {
  it('reads the SIP.js WebSocket REGISTER the registrar needs', () => {
    const register = parseRequest('a SIP.js REGISTER over WebSocket with outbound parameters');
    expect(register.method).toBe('REGISTER');
    expect(formatUri(register.uri)).toBe('sip:tandem.example.com');
    expect(register.topVia).toMatchObject({
      protocol: 'SIP/2.0',
      transport: 'WSS',
      host: 'q7x2kd9v3m1p.invalid',
      port: undefined,
      branch: 'z9hG4bK2290342',
    });
    const [contact] = register.contacts;
    expect(contact?.uri).toMatchObject({ user: 'd8x1w0zq', host: 'q7x2kd9v3m1p.invalid' });
    expect(contact?.uri).toHaveProperty('params', new Map([['transport', 'ws']]));
    expect(contact?.params).toEqual(
      new Map([
        ['+sip.ice', null],
        ['reg-id', '1'],
        ['+sip.instance', '"<urn:uuid:7f9c1d36-3a44-4c1f-a0d5-95e0b2f1a8c4>"'],
        ['expires', '600'],
      ]),
    );
    expect(register.expires).toBe(600);
    expect(register.maxForwards).toBe(70);
    expect(register.cseq).toEqual({ seq: 1, method: 'REGISTER' });
    expect(register.fromTag).toBe('m4t83o0a2k');
    expect(register.toTag).toBeUndefined();
    expect(register.allow).toEqual([
      'ACK',
      'CANCEL',
      'INVITE',
      'MESSAGE',
      'BYE',
      'OPTIONS',
      'INFO',
      'NOTIFY',
      'REFER',
    ]);
    expect(register.supported).toEqual(['path', 'gruu', 'outbound']);
    expect(register.userAgent).toBe('SIP.js/0.21.2');
    expect(register.body.length).toBe(0);
  });

  it('reads Contact: * as a wildcard with no addresses', () => {
    const register = parseRequest('a REGISTER removing every binding with Contact: *');
    expect(register.isContactWildcard).toBe(true);
    expect(register.contacts).toEqual([]);
    expect(register.expires).toBe(0);
  });

  it('maps every compact form to its canonical name', () => {
    const message = parseRequest('every compact header form');
    expect([...message.headers].map(([name]) => name)).toEqual([
      'Via',
      'From',
      'To',
      'Call-ID',
      'CSeq',
      'Contact',
      'Event',
      'Allow-Events',
      'Supported',
      'Supported',
      'Subject',
      'Accept-Contact',
      'Reject-Contact',
      'Request-Disposition',
      'Refer-To',
      'Referred-By',
      'Session-Expires',
      'Identity',
      'Identity-Info',
      'Content-Encoding',
      'Content-Type',
      'Content-Length',
    ]);
    expect(message.supported).toEqual(['timer', '100rel']);
    expect(message.headers.getAll('u')).toEqual(['presence', 'dialog']);
    expect(message.to.uri).toMatchObject({ user: 'queue-stats', host: 'tandem.example.com' });
    expect(message.bodyText).toBe('hello');
    expect(message.contentType?.mediaType).toBe('text/plain');
  });

  it('unfolds continuation lines into single spaces', () => {
    const message = parseRequest('folded header lines (SP and HTAB continuations)');
    expect(message.headers.get('subject')).toBe('I have been waiting for quite a while now');
    expect(message.from.displayName).toBe('A very patient caller');
    expect(message.fromTag).toBe('fold1');
    expect(message.topVia.params.get('received')).toBe('192.0.2.44');
    expect(message.cseq).toEqual({ seq: 8, method: 'MESSAGE' });
    expect(message.to.uri).toMatchObject({ user: 'agent.1001' });
  });

  it('ignores whitespace around separators', () => {
    const message = parseRequest('whitespace around colons, semicolons, equals and slashes');
    expect(message.topVia).toMatchObject({ transport: 'UDP', host: '192.0.2.50', port: 5062 });
    expect(message.topVia.params).toEqual(
      new Map([
        ['branch', 'z9hG4bKspace'],
        ['rport', null],
      ]),
    );
    expect(message.fromTag).toBe('sp4ce');
    expect(message.callId).toBe('spaces');
    expect(message.cseq).toEqual({ seq: 21, method: 'INFO' });
  });

  it('accepts bare LF and mixed line endings and skips leading CRLFs', () => {
    expect(parseNamed('bare LF line endings').callId).toBe('bare-lf');
    const ack = parseRequest('mixed CRLF and LF with CRLFs before the start line');
    expect(ack.method).toBe('ACK');
    expect(ack.toTag).toBe('mx2');
  });

  it('splits list headers across rows and top-level commas only', () => {
    const response = parseResponse(
      'list headers split across rows and commas, with commas inside quotes and brackets',
    );
    expect(response.via.map((via) => via.branch)).toEqual(['z9hG4bKa1', 'z9hG4bKa2', 'z9hG4bKa3']);
    expect(response.recordRoutes.map((route) => formatUri(route.uri))).toEqual([
      'sip:edge1.example.com;lr',
      'sip:edge2.example.com;lr',
      'sip:core.example.com;lr',
    ]);
    expect(response.recordRoutes[1]?.params.get('foo')).toBe('"a,b"');
    expect(response.contacts.map((contact) => [contact.displayName, contact.params.get('q')])).toEqual([
      ['Smith, John', '0.7'],
      [undefined, '0.3'],
      [undefined, undefined],
    ]);
    expect(response.contacts[2]?.params.get('expires')).toBe('60');
    expect(response.allow).toEqual(['INVITE', 'ACK', 'BYE', 'CANCEL']);
    expect(response.headers.getAll('www-authenticate')).toEqual([
      'Digest realm="tandem, inc.", nonce="abc,def", qop="auth,auth-int"',
    ]);
    expect(response.headers.getAll('date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
  });

  it('keeps URI escapes as received', () => {
    const invite = parseRequest('escaped characters in URIs');
    expect(invite.uri).toMatchObject({ user: '%61gent%2E7%40pool', host: 'tandem.example.com' });
    expect(invite.from.uri).toMatchObject({ user: 'user;ctx=x%20y', host: 'example.org' });
    expect(invite.referTo?.uri).toMatchObject({
      user: 'bob',
      headers: new Map([['Replaces', 'abc%40def%3Bto-tag%3D1%3Bfrom-tag%3D2']]),
    });
    expect(invite.contacts[0]?.uri).toMatchObject({ user: 'null-%00-byte' });
  });

  it('reads IPv6 references and received addresses', () => {
    const invite = parseRequest('IPv6 references in the Request-URI, Via and Contact');
    expect(invite.uri).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
    expect(invite.topVia).toMatchObject({ host: '[2001:db8::9:1]', port: 5060 });
    expect(invite.topVia.params.get('received')).toBe('2001:db8::9:255');
    expect(invite.topVia.params.get('rport')).toBe('5061');
    expect(invite.contacts[0]?.uri).toMatchObject({ host: '[2001:db8::9:1]', port: 5060 });
  });

  it('keeps URIs of unknown schemes opaque', () => {
    const message = parseRequest('URIs with unknown schemes in headers and the Request-URI');
    expect(message.uri).toEqual({ scheme: 'urn', opaque: 'service:sos' });
    expect(message.from.uri).toEqual({ scheme: 'mailto', opaque: 'someone@example.org' });
    expect(message.to.uri).toEqual({ scheme: 'urn', opaque: 'service:sos' });
  });

  it('reads tel URIs', () => {
    const invite = parseRequest('tel URIs');
    expect(invite.uri).toMatchObject({ scheme: 'tel', user: '+1-201-555-0123', host: '' });
    expect(formatUri(invite.uri)).toBe('tel:+1-201-555-0123;phone-context=+1');
  });

  it('handles long values and the largest CSeq', () => {
    const notify = parseRequest('very long values, many Via rows and many parameters');
    expect(notify.via).toHaveLength(30);
    expect(notify.cseq.seq).toBe(2 ** 31 - 1);
    expect(notify.callId).toHaveLength(512);
    expect(notify.uri).toHaveProperty('params.size', 40);
  });

  it('reads bodies by Content-Length, or to the end of a datagram without it', () => {
    const large = parseNamed('a large body');
    expect(large.body.length).toBe(large.contentLength);
    expect(large.bodyText.startsWith('Ünïcødé line\r\n\r\n')).toBe(true);
    expect(parseNamed('a datagram without Content-Length (the body is the rest)').bodyText).toBe(
      'the rest of the packet',
    );
    const busy = parseResponse('a datagram longer than its Content-Length (the extra bytes are dropped)');
    expect(busy.bodyText).toBe('busy');
    expect(busy.toString().endsWith('Content-Length: 4\r\n\r\nbusy')).toBe(true);
    expect(parseNamed('binary body with NUL bytes').body).toEqual(Buffer.from([0, 255, 13, 10, 0, 128]));
    expect(parseNamed('a body that itself contains empty lines').bodyText.endsWith('\r\n\r\nextra')).toBe(
      true,
    );
  });

  it('tolerates an RFC 2543 peer', () => {
    const invite = parseRequest('an RFC 2543 peer: no branch, no Max-Forwards, lower-case version');
    expect(invite.topVia.branch).toBeUndefined();
    expect(invite.maxForwards).toBeUndefined();
    expect(invite.from.uri).toMatchObject({ user: 'old', host: 'example.org' });
    expect(invite.toString().startsWith('INVITE sip:agent@tandem.example.com SIP/2.0\r\n')).toBe(true);
  });

  it('reads status lines with empty or unusual reason phrases', () => {
    const progress = parseResponse('a provisional response with an empty reason phrase');
    expect([progress.status, progress.reason]).toEqual([183, '']);
    const odd = parseResponse('a response with an unusual reason phrase');
    expect([odd.status, odd.reason]).toEqual([499, 'Ça ne va pas: trop de monde, désolé!']);
  });

  it('keeps extension methods and unknown headers verbatim', () => {
    const message = parseRequest('an extension method and unknown headers kept verbatim');
    expect(message.method).toBe('X.QUEUE-Peek!~');
    expect([...message.headers].find(([name]) => name === 'X-Odd-Header')).toEqual([
      'X-Odd-Header',
      'has "quotes", commas; semicolons and <angles>',
    ]);
    expect(message.headers.getAll('p-custom')).toEqual(['a,b,c']);
    expect(message.topVia.params.get('x-extension')).toBe('"quoted; value"');
  });

  it('reads display names in every form', () => {
    const invite = parseRequest('display names: tokens, escaped quotes, empty and UTF-8');
    expect(invite.from.displayName).toBe('The "Boss" \\ Manager');
    expect(invite.to.displayName).toBe('Agent Smith');
    expect(invite.contacts[0]?.displayName).toBe('');
    expect(invite.routes[0]?.displayName).toBe('Zoë Ångström');
  });

  it('caps a huge Expires and keeps odd Call-IDs', () => {
    const register = parseRequest(
      'odd but legal values: huge Expires, Max-Forwards 0, strange Call-ID, quoted params',
    );
    expect(register.expires).toBe(2 ** 32 - 1);
    expect(register.maxForwards).toBe(0);
    expect(register.callId).toBe('1.2.3.4-(x)<y>{z}[w]?/\\"q"@host');
    expect(register.contacts[0]?.params.get('+sip.methods')).toBe('"INVITE,BYE"');
    expect(register.contacts[0]?.params.get('x')).toBe('"a;b"');
    expect(register.topVia.params.get('maddr')).toBe('224.2.0.1');
    expect(register.headers.get('subject')).toBe('');
  });
});

describe('refusals', () => {
  it('refuses a message above maxBytes with 513 and still reads the partial headers', () => {
    const data = sipText([
      'MESSAGE sip:agent@tandem.example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKhuge',
      'From: <sip:a@example.org>;tag=1',
      'To: <sip:agent@tandem.example.com>',
      'Call-ID: too-large',
      'CSeq: 1 MESSAGE',
      'Content-Length: 2000',
    ]);
    const error = refusal(data + 'x'.repeat(2000), { maxBytes: 1500 });
    expect(error.status).toBe(513);
    expect(error.partial).toMatchObject({ isRequest: true, callId: 'too-large' });
    expect(parseSipMessage(data + 'x'.repeat(2000), { maxBytes: 4000 }).body.length).toBe(2000);
  });

  it('gives the raw Via, From, To, Call-ID and CSeq of a request it cannot parse', () => {
    const error = refusal(
      sipText([
        'INVITE sip:agent@tandem.example.com SIP/2.0',
        'v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1, SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2',
        'From: <sip:a@example.org>;tag=1',
        'To: <sip:agent@tandem.example.com>',
        'Call-ID: bad-cseq',
        'CSeq: one INVITE',
      ]),
    );
    expect(error.reason).toBe('malformed CSeq');
    expect(error.partial).toEqual({
      isRequest: true,
      via: ['SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1', 'SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2'],
      from: '<sip:a@example.org>;tag=1',
      to: '<sip:agent@tandem.example.com>',
      callId: 'bad-cseq',
      cseq: 'one INVITE',
    });
  });

  it('marks a broken response so that it is never answered', () => {
    const error = refusal(sipText(['SIP/2.0 2OO OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bKr', 'Call-ID: r']));
    expect(error.partial).toMatchObject({ isRequest: false, callId: 'r' });
  });

  it('gives no partial when nothing could be read', () => {
    expect(refusal('\u0000\u0001garbage').partial).toBeUndefined();
  });
});
