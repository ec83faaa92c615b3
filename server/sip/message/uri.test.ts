import { describe, expect, it } from 'vitest';
import { SipParseError } from './sip-parse-error.js';
import { normalizeEscapes, urisEqual } from './uri-compare.js';
import { formatUri, isSipUri, parseUri } from './uri.js';

describe('parseUri', () => {
  it('reads every component of a SIP URI', () => {
    const uri = parseUri(
      'sips:agent.7:s3cret@tandem.example.com:5061;transport=tls;lr;ob?Subject=hello%20there&Priority=urgent',
    );
    expect(uri).toEqual({
      scheme: 'sips',
      user: 'agent.7',
      password: 's3cret',
      host: 'tandem.example.com',
      port: 5061,
      params: new Map([
        ['transport', 'tls'],
        ['lr', null],
        ['ob', null],
      ]),
      headers: new Map([
        ['Subject', 'hello%20there'],
        ['Priority', 'urgent'],
      ]),
    });
  });

  it('reads hosts of every kind', () => {
    expect(parseUri('sip:192.0.2.4')).toMatchObject({ host: '192.0.2.4', user: undefined, port: undefined });
    expect(parseUri('sip:[2001:db8::4]:5070')).toMatchObject({ host: '[2001:db8::4]', port: 5070 });
    expect(parseUri('sip:abc.invalid;transport=ws')).toMatchObject({ host: 'abc.invalid' });
    expect(parseUri('sip:_sip._udp.example.com')).toMatchObject({ host: '_sip._udp.example.com' });
  });

  it('accepts the user-unreserved characters and escapes in the user part', () => {
    expect(parseUri('sip:+1-555;phone-context=x?y/z@gw.example.net;user=phone')).toMatchObject({
      user: '+1-555;phone-context=x?y/z',
      host: 'gw.example.net',
      params: new Map([['user', 'phone']]),
    });
    expect(parseUri('sip:*97#@pbx.example.com')).toMatchObject({ user: '*97#' });
    expect(parseUri('sip:a%40b@example.com')).toMatchObject({ user: 'a%40b' });
  });

  it('reads tel URIs and keeps other schemes opaque', () => {
    expect(parseUri('tel:+1-201-555-0123;phone-context=+1')).toEqual({
      scheme: 'tel',
      user: '+1-201-555-0123',
      host: '',
      params: new Map([['phone-context', '+1']]),
      headers: new Map(),
    });
    const urn = parseUri('URN:uuid:2c4e2f0a-6d5b-4a57-9a7b-1d1a9e5c3f10');
    expect(urn).toEqual({ scheme: 'urn', opaque: 'uuid:2c4e2f0a-6d5b-4a57-9a7b-1d1a9e5c3f10' });
    expect(isSipUri(urn)).toBe(false);
    expect(isSipUri(parseUri('tel:911'))).toBe(true);
  });

  it.each([
    '',
    'sip',
    ':x',
    '1sip:host',
    'sip:',
    'sip:@host',
    'sip:user@',
    'sip:host:',
    'sip:host:5o60',
    'sip:host:65536',
    'sip:host:123456',
    'sip:[::1',
    'sip:[zz::1]',
    'sip:2001:db8::1',
    'sip:-host',
    'sip:.host',
    'sip:host<',
    'sip:a b@host',
    'sip:a@host name',
    'sip:a%g1@host',
    'sip:a%4@host',
    'sip:a:b:c@host',
    'sip:host;a b=1',
    'sip:host;p=<x>',
    'sip:host?Subject',
    'sip:host?',
    'tel:',
    'tel:+1 555',
    'tel:+1?x=y',
    'mailto:',
    'http://a b',
    'urn:x<y>',
  ])('refuses %j', (text) => {
    expect(() => parseUri(text)).toThrow(SipParseError);
  });
});

describe('formatUri', () => {
  it.each([
    'sip:tandem.example.com',
    'sip:agent@tandem.example.com:5060;transport=udp',
    'sips:a:@[2001:db8::1]:5061;maddr=239.1.1.1;ttl=15;lr',
    'sip:%61gent%2E7@tandem.example.com;x=a%3Bb?To=sip%3Abob%40b&Subject=',
    'tel:+44-20-7946-0958;ext=12',
    'mailto:sales@example.com',
  ])('writes %s back as it was', (text) => {
    expect(formatUri(parseUri(text))).toBe(text);
  });

  it('lower-cases parameter names and the scheme, keeping values', () => {
    expect(formatUri(parseUri('SIP:Agent@Example.COM;Transport=TCP'))).toBe(
      'sip:Agent@Example.COM;transport=TCP',
    );
  });
});

describe('urisEqual (RFC 3261 19.1.4)', () => {
  const equal: [string, string][] = [
    ['sip:%61gent@tandem.example.com;transport=TCP', 'sip:agent@TANDEM.example.COM;Transport=tcp'],
    ['sip:queue@tandem.example.com', 'sip:queue@tandem.example.com;newparam=5'],
    ['sip:queue@tandem.example.com;security=on;lr', 'sip:queue@tandem.example.com;security=ON'],
    [
      'sip:agent@tandem.example.com?subject=project%20x&priority=urgent',
      'sip:agent@tandem.example.com?Priority=urgent&subject=project%20x',
    ],
    ['sip:agent@[2001:DB8::1]', 'sip:agent@[2001:db8::1]'],
    ['sip:a%2a@host', 'sip:a*@host'],
    ['sip:a%3b@host', 'sip:a%3B@host'],
    ['tel:+1-201-555-0123', 'tel:+1.201.555.0123'],
    ['URN:service:sos', 'urn:service:sos'],
  ];
  const different: [string, string][] = [
    ['sip:AGENT@tandem.example.com', 'sip:agent@tandem.example.com'],
    ['sip:agent@tandem.example.com', 'sip:agent@tandem.example.com:5060'],
    ['sip:agent@tandem.example.com', 'sips:agent@tandem.example.com'],
    ['sip:agent@tandem.example.com;transport=udp', 'sip:agent@tandem.example.com'],
    ['sip:agent@tandem.example.com', 'sip:agent@tandem.example.com;maddr=239.0.0.1'],
    ['sip:agent@tandem.example.com;user=phone', 'sip:agent@tandem.example.com'],
    ['sip:agent@tandem.example.com;ttl=1', 'sip:agent@tandem.example.com'],
    ['sip:agent@tandem.example.com', 'sip:agent@tandem.example.com;method=INVITE'],
    ['sip:agent@tandem.example.com?subject=a', 'sip:agent@tandem.example.com'],
    ['sip:agent@tandem.example.com?subject=a', 'sip:agent@tandem.example.com?subject=b'],
    ['sip:agent@tandem.example.com;security=on', 'sip:agent@tandem.example.com;security=off'],
    ['sip:agent:secret@tandem.example.com', 'sip:agent@tandem.example.com'],
    ['sip:tandem.example.com', 'sip:agent@tandem.example.com'],
    ['sip:a%3b@host', 'sip:a;@host'],
    ['sip:agent@host', 'tel:+15550100'],
    ['tel:+12015550123;phone-context=+1', 'tel:+12015550123'],
    ['mailto:a@example.com', 'mailto:b@example.com'],
  ];

  it.each(equal)('%s equals %s', (a, b) => {
    expect(urisEqual(parseUri(a), parseUri(b))).toBe(true);
    expect(urisEqual(parseUri(b), parseUri(a))).toBe(true);
  });

  it.each(different)('%s differs from %s', (a, b) => {
    expect(urisEqual(parseUri(a), parseUri(b))).toBe(false);
    expect(urisEqual(parseUri(b), parseUri(a))).toBe(false);
  });

  it('decodes only unreserved characters when normalising escapes', () => {
    expect(normalizeEscapes('%61%2e%3b%40%7e%25')).toBe('a.%3B%40~%25');
  });
});
