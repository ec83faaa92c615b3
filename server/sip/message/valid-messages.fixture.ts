/**
 * Valid test messages, written for Tandem in the spirit of RFC 4475 ("SIP Torture Test
 * Messages"): each stresses a path where the parser must be tolerant. The parser tests check that
 * each parses and round-trips; the fuzz test mutates them.
 */
import { sipText } from './sip-text.fixture.js';

const sdp = sipText(
  [
    'v=0',
    'o=agent 2890844526 2890844526 IN IP4 192.0.2.10',
    's=-',
    'c=IN IP4 192.0.2.10',
    't=0 0',
    'm=audio 49170 RTP/AVP 0 8 101',
    'a=rtpmap:101 telephone-event/8000',
  ],
  '',
).replace(/\r\n\r\n$/, '\r\n');

/** About 48 KB of UTF-8 text with empty lines in it. */
const largeBody = 'Ünïcødé line\r\n\r\n'.repeat(3000);

const dialogHeaders = [
  'Max-Forwards: 70',
  'From: "Queue Sales" <sip:sales@tandem.example.com>;tag=f00d1',
  'To: <sip:+15550100@carrier.example.net>',
  'Call-ID: c4ll-1d-0001@tandem.example.com',
];

export interface ValidVector {
  readonly name: string;
  readonly data: string | Buffer;
}

export const VALID_MESSAGES: readonly ValidVector[] = [
  {
    name: 'an INVITE with an SDP body',
    data: sipText(
      [
        'INVITE sip:+15550100@carrier.example.net;user=phone SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv001;rport',
        ...dialogHeaders,
        'CSeq: 1 INVITE',
        'Contact: <sip:tandem@192.0.2.10:5060>',
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(sdp)}`,
      ],
      sdp,
    ),
  },
  {
    name: 'a SIP.js REGISTER over WebSocket with outbound parameters',
    data: sipText([
      'REGISTER sip:tandem.example.com SIP/2.0',
      'Via: SIP/2.0/WSS q7x2kd9v3m1p.invalid;branch=z9hG4bK2290342',
      'Max-Forwards: 70',
      'To: <sip:agent.1001@tandem.example.com>',
      'From: <sip:agent.1001@tandem.example.com>;tag=m4t83o0a2k',
      'Call-ID: r5k2vl0s9c8qj3b4t7dh',
      'CSeq: 1 REGISTER',
      'Contact: <sip:d8x1w0zq@q7x2kd9v3m1p.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:7f9c1d36-3a44-4c1f-a0d5-95e0b2f1a8c4>";expires=600',
      'Expires: 600',
      'Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER',
      'Supported: path, gruu, outbound',
      'User-Agent: SIP.js/0.21.2',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'a REGISTER removing every binding with Contact: *',
    data: sipText([
      'REGISTER sip:tandem.example.com SIP/2.0',
      'Via: SIP/2.0/TCP 198.51.100.7:49152;branch=z9hG4bKstar1',
      'To: <sip:agent.1002@tandem.example.com>',
      'From: <sip:agent.1002@tandem.example.com>;tag=9911',
      'Call-ID: unregister-all-1002',
      'CSeq: 77 REGISTER',
      'Contact: *',
      'Expires: 0',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'every compact header form',
    data:
      sipText([
        'SUBSCRIBE sip:queue-stats@tandem.example.com SIP/2.0',
        'v: SIP/2.0/TLS supervisor.example.com;branch=z9hG4bKcompact',
        'f: Supervisor <sip:sup@tandem.example.com>;tag=c0mp',
        't: sip:queue-stats@tandem.example.com',
        'i: compact-forms@supervisor.example.com',
        'CSeq: 3 SUBSCRIBE',
        'm: <sip:sup@supervisor.example.com;transport=tls>',
        'o: presence',
        'u: presence, dialog',
        'k: timer',
        'k: 100rel',
        's: Queue statistics',
        'a: *;audio',
        'j: *;video',
        'd: proxy',
        'r: <sip:queue-stats@tandem.example.com>',
        'b: <sip:sup@tandem.example.com>',
        'x: 1800;refresher=uac',
        'y: no-identity',
        'n: <https://cert.example.com/sup.cer>;alg=rsa-sha1',
        'e: identity',
        'c: text/plain',
        'l: 5',
      ]) + 'hello',
  },
  {
    name: 'header names in any case',
    data: sipText([
      'OPTIONS sip:tandem.example.com SIP/2.0',
      'vIA: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKcase',
      'FROM: <sip:probe@203.0.113.5>;tag=cAsE',
      'to: <sip:tandem.example.com>',
      'CALL-id: mixed-case-names',
      'cseq: 11 OPTIONS',
      'MAX-forwards: 69',
      'content-LENGTH: 0',
    ]),
  },
  {
    name: 'folded header lines (SP and HTAB continuations)',
    data:
      sipText([
        'MESSAGE sip:agent.1001@tandem.example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.44:5060;',
        '  branch=z9hG4bKfold;',
        '\treceived=192.0.2.44',
        'From: "A very',
        '    patient caller" <sip:caller@example.org>',
        '  ;tag=fold1',
        'To:',
        ' <sip:agent.1001@tandem.example.com>',
        'Call-ID: folded@example.org',
        'CSeq:',
        '  8',
        '  MESSAGE',
        'Subject: I have been waiting',
        '        for quite a while now',
        'Content-Type: text/plain',
        'Content-Length: 2',
      ]) + 'hi',
  },
  {
    name: 'whitespace around colons, semicolons, equals and slashes',
    data: sipText([
      'INFO sip:agent.1001@tandem.example.com SIP/2.0',
      'Via  :  SIP / 2.0 / UDP   192.0.2.50 : 5062 ; branch = z9hG4bKspace ; rport',
      'From\t:\t<sip:caller@example.org>  ;  tag = sp4ce',
      'To:<sip:agent.1001@tandem.example.com>',
      'Call-ID   :spaces',
      'CSeq:   21      INFO   ',
      'Max-Forwards :70',
      'Content-Length  :   0',
    ]),
  },
  {
    name: 'bare LF line endings',
    data: sipText(
      [
        'BYE sip:caller@198.51.100.20:5080 SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKlf',
        'From: <sip:sales@tandem.example.com>;tag=lf1',
        'To: <sip:caller@example.org>;tag=lf2',
        'Call-ID: bare-lf',
        'CSeq: 2 BYE',
        'Content-Length: 0',
      ],
      '',
      '\n',
    ),
  },
  {
    name: 'mixed CRLF and LF with CRLFs before the start line',
    data:
      '\r\n\r\n\n' +
      'ACK sip:caller@198.51.100.20 SIP/2.0\n' +
      'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKmix\r\n' +
      'From: <sip:sales@tandem.example.com>;tag=mx1\n' +
      'To: <sip:caller@example.org>;tag=mx2\r\n' +
      'Call-ID: mixed-endings\n' +
      'CSeq: 1 ACK\r\n' +
      '\n',
  },
  {
    name: 'list headers split across rows and commas, with commas inside quotes and brackets',
    data: sipText([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP edge1.example.com;branch=z9hG4bKa1, SIP/2.0/UDP edge2.example.com;branch=z9hG4bKa2',
      'Via: SIP/2.0/TCP core.example.com:5070;branch=z9hG4bKa3;received=10.0.0.3',
      'Record-Route: <sip:edge1.example.com;lr>, <sip:edge2.example.com;lr>;foo="a,b"',
      'Record-Route: <sip:core.example.com;lr>',
      'From: <sip:sales@tandem.example.com>;tag=lst1',
      'To: <sip:caller@example.org>;tag=lst2',
      'Call-ID: lists',
      'CSeq: 5 INVITE',
      'Contact: "Smith, John" <sip:js@desk.example.org>;q=0.7, <sip:js@mobile.example.org>;q=0.3',
      'Contact: sip:js@home.example.org;expires=60',
      'Allow: INVITE, ACK,',
      'Allow:  BYE ,CANCEL',
      'WWW-Authenticate: Digest realm="tandem, inc.", nonce="abc,def", qop="auth,auth-int"',
      'Date: Sat, 13 Nov 2010 23:29:00 GMT',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'escaped characters in URIs',
    data: sipText([
      'INVITE sip:%61gent%2E7%40pool@tandem.example.com;x-ref=a%3Bb SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKesc',
      'From: <sip:user;ctx=x%20y@example.org>;tag=e5c',
      'To: <sip:%61gent%2E7%40pool@tandem.example.com>',
      'Call-ID: escaped',
      'CSeq: 1 INVITE',
      'Refer-To: <sip:bob@example.org?Replaces=abc%40def%3Bto-tag%3D1%3Bfrom-tag%3D2>',
      'Contact: <sip:null-%00-byte@192.0.2.1>',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'IPv6 references in the Request-URI, Via and Contact',
    data: sipText([
      'INVITE sip:agent@[2001:db8::10]:5070 SIP/2.0',
      'Via: SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKv6;received=2001:db8::9:255;rport=5061',
      'Via: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bKv6b',
      'From: <sip:caller@[2001:db8::9:1]>;tag=v6',
      'To: <sip:agent@[2001:db8::10]:5070>',
      'Call-ID: ipv6@[2001:db8::9:1]',
      'CSeq: 1 INVITE',
      'Contact: <sip:caller@[2001:db8::9:1]:5060;transport=udp>',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'URIs with unknown schemes in headers and the Request-URI',
    data: sipText([
      'MESSAGE urn:service:sos SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKurn',
      'From: <mailto:someone@example.org>;tag=m41l',
      'To: urn:service:sos',
      'Call-ID: other-schemes',
      'CSeq: 1 MESSAGE',
      'Reply-To: <http://www.example.org/contact?x=1&y=2>',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'tel URIs',
    data: sipText([
      'INVITE tel:+1-201-555-0123;phone-context=+1 SIP/2.0',
      'Via: SIP/2.0/UDP gw.example.net;branch=z9hG4bKtel',
      'From: <tel:+44-20-7946-0958>;tag=t3l',
      'To: <tel:+1-201-555-0123;phone-context=+1>',
      'Call-ID: tel-uris',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'very long values, many Via rows and many parameters',
    data: sipText([
      `NOTIFY sip:${'u'.repeat(300)}@tandem.example.com;${Array.from({ length: 40 }, (_, i) => `p${i}=v${i}`).join(';')} SIP/2.0`,
      ...Array.from(
        { length: 30 },
        (_, i) => `Via: SIP/2.0/UDP hop${i}.example.com:${5060 + i};branch=z9hG4bK${'x'.repeat(40)}${i}`,
      ),
      `From: "${'Long Name '.repeat(40)}" <sip:long@example.org>;tag=${'t'.repeat(100)}`,
      'To: <sip:long@tandem.example.com>',
      `Call-ID: ${'c'.repeat(500)}@example.org`,
      'CSeq: 2147483647 NOTIFY',
      'Event: queue-status',
      `X-Long-Header: ${'value '.repeat(900).trim()}`,
      'Content-Length: 0',
    ]),
  },
  {
    name: 'a large body',
    data: sipText(
      [
        'MESSAGE sip:agent.1001@tandem.example.com SIP/2.0',
        'Via: SIP/2.0/TCP 192.0.2.61;branch=z9hG4bKbig',
        'From: <sip:bot@example.org>;tag=b16',
        'To: <sip:agent.1001@tandem.example.com>',
        'Call-ID: large-body',
        'CSeq: 1 MESSAGE',
        'Content-Type: text/plain;charset=utf-8',
        `Content-Length: ${Buffer.byteLength(largeBody)}`,
      ],
      largeBody,
    ),
  },
  {
    name: 'a datagram without Content-Length (the body is the rest)',
    data: sipText(
      [
        'MESSAGE sip:agent.1001@tandem.example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.62;branch=z9hG4bKnocl',
        'From: <sip:bot@example.org>;tag=n0cl',
        'To: <sip:agent.1001@tandem.example.com>',
        'Call-ID: no-content-length',
        'CSeq: 1 MESSAGE',
        'Content-Type: text/plain',
      ],
      'the rest of the packet',
    ),
  },
  {
    name: 'a datagram longer than its Content-Length (the extra bytes are dropped)',
    data: sipText(
      [
        'SIP/2.0 486 Busy Here',
        'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKextra',
        'From: <sip:sales@tandem.example.com>;tag=x1',
        'To: <sip:caller@example.org>;tag=x2',
        'Call-ID: extra-bytes',
        'CSeq: 1 INVITE',
        'Content-Length: 4',
      ],
      'busy and then some garbage',
    ),
  },
  {
    name: 'an RFC 2543 peer: no branch, no Max-Forwards, lower-case version',
    data: sipText([
      'INVITE sip:agent@tandem.example.com sip/2.0',
      'Via: SIP/2.0/UDP old-phone.example.org',
      'From: sip:old@example.org',
      'To: sip:agent@tandem.example.com',
      'Call-ID: 2543-style',
      'CSeq: 1 INVITE',
    ]),
  },
  {
    name: 'a provisional response with an empty reason phrase',
    data: sipText([
      'SIP/2.0 183 ',
      'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKempty',
      'From: <sip:sales@tandem.example.com>;tag=e1',
      'To: <sip:caller@example.org>;tag=e2',
      'Call-ID: empty-reason',
      'CSeq: 1 INVITE',
    ]),
  },
  {
    name: 'a response with an unusual reason phrase',
    data: sipText([
      'SIP/2.0 499 Ça ne va pas: trop de monde, désolé!',
      'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKreason',
      'From: <sip:sales@tandem.example.com>;tag=r1',
      'To: <sip:caller@example.org>;tag=r2',
      'Call-ID: odd-reason',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'an extension method and unknown headers kept verbatim',
    data: sipText([
      'X.QUEUE-Peek!~ sip:queue@tandem.example.com SIP/2.0',
      'Via: SIP/2.0/SCTP 192.0.2.90;branch=z9hG4bKext;x-extension="quoted; value"',
      'From: <sip:ext@example.org>;tag=3xt',
      'To: <sip:queue@tandem.example.com>',
      'Call-ID: extension',
      'CSeq: 9 X.QUEUE-Peek!~',
      'X-Odd-Header:   has "quotes", commas; semicolons and <angles>  ',
      'P-Custom: a,b,c',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'display names: tokens, escaped quotes, empty and UTF-8',
    data: sipText([
      'INVITE sip:agent@tandem.example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.11;branch=z9hG4bKdisp',
      'From: "The \\"Boss\\" \\\\ Manager" <sip:boss@example.org>;tag=d1',
      'To: Agent Smith <sip:agent@tandem.example.com>',
      'Call-ID: display-names',
      'CSeq: 1 INVITE',
      'Contact: "" <sip:boss@192.0.2.11>',
      'Route: "Zoë Ångström" <sip:proxy.example.org;lr>',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'a 401 whose WWW-Authenticate holds commas',
    data: sipText([
      'SIP/2.0 401 Unauthorized',
      'Via: SIP/2.0/WSS q7x2kd9v3m1p.invalid;branch=z9hG4bK2290342;received=203.0.113.8;rport=51234',
      'From: <sip:agent.1001@tandem.example.com>;tag=m4t83o0a2k',
      'To: <sip:agent.1001@tandem.example.com>;tag=srv401',
      'Call-ID: r5k2vl0s9c8qj3b4t7dh',
      'CSeq: 1 REGISTER',
      'WWW-Authenticate: Digest realm="tandem.example.com", nonce="n0nce", algorithm=MD5, qop="auth"',
      'WWW-Authenticate: Digest realm="tandem.example.com", nonce="n0nce2", algorithm=SHA-256, qop="auth"',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'odd but legal values: huge Expires, Max-Forwards 0, strange Call-ID, quoted params',
    data: sipText([
      'REGISTER sips:tandem.example.com SIP/2.0',
      'Via: SIP/2.0/TLS 192.0.2.12:5061;branch=z9hG4bKodd;ttl=255;maddr=224.2.0.1',
      'Max-Forwards: 0',
      'To: <sips:odd@tandem.example.com>',
      'From: <sips:odd@tandem.example.com>;tag=0dd',
      'Call-ID: 1.2.3.4-(x)<y>{z}[w]?/\\"q"@host',
      'CSeq: 0 REGISTER',
      'Contact: <sips:odd@192.0.2.12:5061>;+sip.methods="INVITE,BYE";x="a;b";q=1.0;expires=4294967296000',
      'Expires: 99999999999999',
      'Subject:',
      'Organization:   ',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'a body that itself contains empty lines',
    data: sipText(
      [
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKbody',
        'From: <sip:sales@tandem.example.com>;tag=b1',
        'To: <sip:caller@example.org>;tag=b2',
        'Call-ID: empty-lines-in-body',
        'CSeq: 1 INVITE',
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(`${sdp}\r\n\r\nextra`)}`,
      ],
      `${sdp}\r\n\r\nextra`,
    ),
  },
  {
    name: 'CANCEL with Route set and Request-URI parameters',
    data: sipText([
      'CANCEL sip:+15550100@carrier.example.net;user=phone;transport=tcp SIP/2.0',
      'Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKinv001',
      'Route: <sip:sbc1.carrier.example.net;lr;transport=tcp>,<sip:sbc2.carrier.example.net;lr>',
      ...dialogHeaders,
      'CSeq: 1 CANCEL',
      'Content-Length: 0',
    ]),
  },
  {
    name: 'binary body with NUL bytes',
    data: Buffer.concat([
      Buffer.from(
        sipText([
          'MESSAGE sip:agent@tandem.example.com SIP/2.0',
          'Via: SIP/2.0/UDP 192.0.2.13;branch=z9hG4bKbin',
          'From: <sip:bin@example.org>;tag=b1n',
          'To: <sip:agent@tandem.example.com>',
          'Call-ID: binary',
          'CSeq: 1 MESSAGE',
          'Content-Type: application/octet-stream',
          'Content-Length: 6',
        ]),
      ),
      Buffer.from([0, 255, 13, 10, 0, 128]),
    ]),
  },
];
