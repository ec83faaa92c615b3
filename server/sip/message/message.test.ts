import { describe, expect, it } from 'vitest';
import { SipRequest, SipResponse } from './message.js';
import { parseSipMessage } from './parser.js';
import { SipParseError } from './sip-parse-error.js';
import { sipText } from './sip-text.fixture.js';
import { formatUri } from './uri.js';

function options(): SipRequest {
  return new SipRequest({
    method: 'OPTIONS',
    uri: 'sip:carrier.example.net',
    headers: [
      ['Via', 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKping;rport'],
      ['Max-Forwards', '70'],
      ['From', '<sip:tandem@tandem.example.com>;tag=p1ng'],
      ['To', '<sip:carrier.example.net>'],
      ['Call-ID', 'keepalive-1'],
      ['CSeq', '1 OPTIONS'],
    ],
  });
}

describe('building and serialising messages', () => {
  it('writes a request with Content-Length computed from a UTF-8 body', () => {
    const message = options();
    message.body = 'héllo';
    expect(message.toString()).toBe(
      sipText(
        [
          'OPTIONS sip:carrier.example.net SIP/2.0',
          'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKping;rport',
          'Max-Forwards: 70',
          'From: <sip:tandem@tandem.example.com>;tag=p1ng',
          'To: <sip:carrier.example.net>',
          'Call-ID: keepalive-1',
          'CSeq: 1 OPTIONS',
          'Content-Length: 6',
        ],
        'héllo',
      ),
    );
    expect(message.toBuffer().length).toBe(Buffer.byteLength(message.toString()));
    const parsed = parseSipMessage(message.toBuffer());
    expect(parsed.bodyText).toBe('héllo');
    expect(parsed.contentLength).toBe(6);
  });

  it('corrects a stale Content-Length where it stands', () => {
    const message = options();
    message.headers.set('Content-Length', '999');
    message.headers.append('Subject', 'after');
    message.body = Buffer.from('abc');
    expect(message.toString()).toContain('CSeq: 1 OPTIONS\r\nContent-Length: 3\r\nSubject: after\r\n\r\nabc');
  });

  it('writes a response with the default reason phrase', () => {
    const response = new SipResponse({ status: 486, headers: { 'Call-ID': 'x' } });
    expect(response.reason).toBe('Busy Here');
    expect(response.toString()).toBe('SIP/2.0 486 Busy Here\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n');
    expect(new SipResponse({ status: 299 }).reason).toBe('OK');
    expect(new SipResponse({ status: 200, reason: 'Fine' }).startLine).toBe('SIP/2.0 200 Fine');
  });

  it('refuses bad arguments with TypeError', () => {
    expect(() => new SipRequest({ method: 'BAD METHOD', uri: 'sip:a@b' })).toThrow(TypeError);
    expect(() => new SipRequest({ method: 'INVITE', uri: 'not a uri' })).toThrow(TypeError);
    expect(() => new SipResponse({ status: 99 })).toThrow(TypeError);
    expect(() => new SipResponse({ status: 700 })).toThrow(TypeError);
    expect(() => new SipResponse({ status: 200.5 })).toThrow(TypeError);
    expect(() => new SipResponse({ status: 200, reason: 'OK\r\nVia: x' })).toThrow(TypeError);
  });

  it('lets a proxy retarget the Request-URI', () => {
    const message = options();
    message.uri = { ...message.uri, scheme: 'sips' } as typeof message.uri;
    expect(message.startLine).toBe('OPTIONS sips:carrier.example.net SIP/2.0');
    expect(formatUri(message.uri)).toBe('sips:carrier.example.net');
  });
});

describe('typed values', () => {
  it('parses a header on first read and again only after it changed', () => {
    const message = options();
    message.headers.append('Contact', '<sip:a@192.0.2.1>');
    const first = message.contacts;
    expect(message.contacts).toBe(first);
    message.headers.append('Contact', '<sip:b@192.0.2.2>;expires=30');
    expect(message.contacts.map((contact) => formatUri(contact.uri))).toEqual([
      'sip:a@192.0.2.1',
      'sip:b@192.0.2.2',
    ]);
  });

  it('throws SipParseError from the accessor of a malformed optional header, not from the parser', () => {
    const message = parseSipMessage(
      sipText([
        'REGISTER sip:tandem.example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKlazy',
        'From: <sip:a@tandem.example.com>;tag=1',
        'To: <sip:a@tandem.example.com>',
        'Call-ID: lazy',
        'CSeq: 1 REGISTER',
        'Contact: <sip:a@192.0.2.1',
        'Expires: soon',
        'Max-Forwards: 1000',
        'Route: nonsense',
        'Content-Type: sdp',
      ]),
    );
    expect(() => message.contacts).toThrow(new SipParseError('malformed Contact'));
    expect(() => message.expires).toThrow(new SipParseError('malformed Expires'));
    expect(() => message.maxForwards).toThrow(new SipParseError('malformed Max-Forwards'));
    expect(() => message.routes).toThrow(new SipParseError('malformed Route'));
    expect(() => message.contentType).toThrow(new SipParseError('malformed Content-Type'));
    expect(message.callId).toBe('lazy');
  });

  it('refuses a wildcard mixed with addresses', () => {
    const message = options();
    message.headers.append('Contact', '*');
    message.headers.append('Contact', '<sip:a@b>');
    expect(message.isContactWildcard).toBe(false);
    expect(() => message.contacts).toThrow(new SipParseError('malformed Contact'));
  });

  it('reports missing mandatory headers on a built message', () => {
    const message = new SipRequest({ method: 'OPTIONS', uri: 'sip:a@b' });
    expect(() => message.from).toThrow(new SipParseError('missing From'));
    expect(() => message.topVia).toThrow(new SipParseError('missing Via'));
    expect(message.via).toEqual([]);
    expect(message.maxForwards).toBeUndefined();
    expect(message.contacts).toEqual([]);
  });
});

describe('Via helpers for the transport and transaction layers', () => {
  it('adds received and fills rport on the top Via only', () => {
    const message = parseSipMessage(
      sipText([
        'INVITE sip:agent@tandem.example.com SIP/2.0',
        'Via: SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bKnat;rport, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKinner',
        'From: <sip:a@example.org>;tag=1',
        'To: <sip:agent@tandem.example.com>',
        'Call-ID: nat',
        'CSeq: 1 INVITE',
      ]),
    );
    const top = message.setTopViaParams({ received: '203.0.113.50', rport: 40123 });
    expect(top.params.get('rport')).toBe('40123');
    expect(message.topVia.params.get('received')).toBe('203.0.113.50');
    expect(message.headers.getAll('via')).toEqual([
      'SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bKnat;rport=40123;received=203.0.113.50',
      'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKinner',
    ]);
  });

  it('removes the top Via and returns it', () => {
    const message = options();
    message.headers.prepend('Via', 'SIP/2.0/WSS tandem.example.com;branch=z9hG4bKours');
    expect(message.removeTopVia()?.branch).toBe('z9hG4bKours');
    expect(message.via.map((via) => via.branch)).toEqual(['z9hG4bKping']);
    expect(message.removeTopVia()?.branch).toBe('z9hG4bKping');
    expect(message.removeTopVia()).toBeUndefined();
  });
});
