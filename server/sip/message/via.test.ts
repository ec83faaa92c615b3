import { describe, expect, it } from 'vitest';
import { SipParseError } from './sip-parse-error.js';
import { formatVia, isRfc3261Branch, parseVia, withViaParams } from './via.js';

describe('parseVia', () => {
  it('reads protocol, transport, sent-by and parameters', () => {
    expect(parseVia('SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK776asdhds;rport;received=192.0.2.99')).toEqual({
      protocol: 'SIP/2.0',
      transport: 'UDP',
      host: '192.0.2.4',
      port: 5060,
      params: new Map([
        ['branch', 'z9hG4bK776asdhds'],
        ['rport', null],
        ['received', '192.0.2.99'],
      ]),
      branch: 'z9hG4bK776asdhds',
    });
  });

  it('reads the Via SIP.js sends over WebSocket', () => {
    expect(parseVia('SIP/2.0/WSS abc.invalid;branch=z9hG4bK3912094')).toMatchObject({
      transport: 'WSS',
      host: 'abc.invalid',
      port: undefined,
      branch: 'z9hG4bK3912094',
    });
  });

  it.each(['UDP', 'tcp', 'TLS', 'sctp', 'WS', 'wss', 'TLS-SCTP', 'X-QUIC'])(
    'accepts transport %s',
    (transport) => {
      expect(parseVia(`SIP/2.0/${transport} h`).transport).toBe(transport.toUpperCase());
    },
  );

  it('allows whitespace around slashes, the colon, semicolons and equals signs', () => {
    const via = parseVia(
      'SIP / 2.0 / TCP\t[2001:db8::1] : 5070 ; branch = z9hG4bKx ; maddr=239.0.0.1;ttl=16',
    );
    expect(via).toMatchObject({ transport: 'TCP', host: '[2001:db8::1]', port: 5070, branch: 'z9hG4bKx' });
    expect(via.params.get('ttl')).toBe('16');
  });

  it('accepts a Via without branch, as RFC 2543 peers send', () => {
    const via = parseVia('SIP/2.0/UDP old.example.org');
    expect(via.branch).toBeUndefined();
    expect(isRfc3261Branch(via.branch)).toBe(false);
  });

  it('recognises the magic cookie', () => {
    expect(isRfc3261Branch('z9hG4bKabc')).toBe(true);
    expect(isRfc3261Branch('Z9HG4BKabc')).toBe(false);
    expect(isRfc3261Branch('1234')).toBe(false);
  });

  it('keeps an IPv6 received address and a filled rport', () => {
    const via = parseVia('SIP/2.0/UDP [2001:db8::9];branch=z9hG4bKa;received=2001:db8::9:255;rport=5061');
    expect(via.params.get('received')).toBe('2001:db8::9:255');
    expect(via.params.get('rport')).toBe('5061');
  });

  it.each([
    '',
    'SIP/2.0/UDP',
    'SIP/2.0/UDP ',
    'SIP/2.0 host',
    'SIP/2.0/UDPhost',
    '/2.0/UDP host',
    'SIP//UDP host',
    'SIP/2.0/UDP host:',
    'SIP/2.0/UDP host:99999',
    'SIP/2.0/UDP host:12ab',
    'SIP/2.0/UDP 2001:db8::1',
    'SIP/2.0/UDP [2001:db8::1',
    'SIP/2.0/UDP [not-v6]',
    'SIP/2.0/UDP -host',
    'SIP/2.0/UDP host junk',
    'SIP/2.0/UDP host;branch',
    'SIP/2.0/UDP host;branch=',
    'SIP/2.0/UDP host;ttl=256',
    'SIP/2.0/UDP host;ttl',
    'SIP/2.0/UDP host;rport=abc',
    'SIP/2.0/UDP host;rport=70000',
    'SIP/2.0/UDP host;received',
    'SIP/2.0/UDP host;maddr=',
    'SIP/2.0/UDP host;x="unterminated',
  ])('refuses %j', (text) => {
    expect(() => parseVia(text)).toThrow(new SipParseError('malformed Via'));
  });
});

describe('formatVia and withViaParams', () => {
  it.each([
    'SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK776asdhds;rport',
    'SIP/2.0/WSS abc.invalid;branch=z9hG4bK3912094',
    'SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKx;x="a;b"',
  ])('round-trips %s', (text) => {
    expect(formatVia(parseVia(text))).toBe(text);
  });

  it('fills rport and adds received as RFC 3581 asks', () => {
    const via = withViaParams(parseVia('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa;rport'), {
      received: '203.0.113.9',
      rport: 41234,
    });
    expect(formatVia(via)).toBe('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa;rport=41234;received=203.0.113.9');
  });

  it('removes a parameter given as undefined and sets a flag given as null', () => {
    const via = withViaParams(parseVia('SIP/2.0/UDP h;branch=z9hG4bKa;received=1.2.3.4'), {
      received: undefined,
      rport: null,
      branch: 'z9hG4bKb',
    });
    expect(formatVia(via)).toBe('SIP/2.0/UDP h;branch=z9hG4bKb;rport');
    expect(via.branch).toBe('z9hG4bKb');
  });

  it('refuses parameters that would break the header', () => {
    const via = parseVia('SIP/2.0/UDP h;branch=z9hG4bKa');
    expect(() => withViaParams(via, { received: '1.2.3.4;evil=1' })).toThrow(TypeError);
    expect(() => withViaParams(via, { 'bad name': '1' })).toThrow(TypeError);
    expect(() => withViaParams(via, { rport: 'x' })).toThrow(TypeError);
    expect(() => withViaParams(via, { received: 'a, SIP/2.0/UDP evil' })).toThrow(TypeError);
  });
});
