import { describe, expect, it } from 'vitest';
import {
  formatCSeq,
  parseCallId,
  parseContentLength,
  parseContentType,
  parseCSeq,
  parseDeltaSeconds,
  parseMaxForwards,
} from './header-values.js';
import { SipParseError } from './sip-parse-error.js';

describe('CSeq', () => {
  it('reads the number and the case-sensitive method', () => {
    expect(parseCSeq('4711 INVITE')).toEqual({ seq: 4711, method: 'INVITE' });
    expect(parseCSeq('0   register')).toEqual({ seq: 0, method: 'register' });
    expect(parseCSeq('2147483647\tX-CUSTOM')).toEqual({ seq: 2147483647, method: 'X-CUSTOM' });
    expect(formatCSeq({ seq: 3, method: 'BYE' })).toBe('3 BYE');
  });

  it.each([
    '',
    'INVITE',
    '1',
    '1INVITE',
    '-1 INVITE',
    '+1 INVITE',
    '1.5 INVITE',
    '2147483648 INVITE',
    '99999999999 A',
    '1 IN VITE',
    '1 INV@TE',
  ])('refuses %j', (text) => {
    expect(() => parseCSeq(text)).toThrow(new SipParseError('malformed CSeq'));
  });
});

describe('the other single-valued headers', () => {
  it('reads Call-ID as any visible text', () => {
    expect(parseCallId('f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com')).toBe(
      'f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com',
    );
    expect(() => parseCallId('')).toThrow(SipParseError);
    expect(() => parseCallId('a b')).toThrow(SipParseError);
  });

  it('reads Max-Forwards from 0 to 255', () => {
    expect(parseMaxForwards('0')).toBe(0);
    expect(parseMaxForwards('255')).toBe(255);
    for (const bad of ['', '256', '-1', '7a', '1000'])
      expect(() => parseMaxForwards(bad)).toThrow(SipParseError);
  });

  it('reads delta-seconds, capped at 2**32-1', () => {
    expect(parseDeltaSeconds('3600')).toBe(3600);
    expect(parseDeltaSeconds('4294967296')).toBe(4294967295);
    expect(() => parseDeltaSeconds('Thu, 01 Dec 1994 16:00:00 GMT')).toThrow(
      new SipParseError('malformed Expires'),
    );
    expect(() => parseDeltaSeconds('-5', 'expires parameter')).toThrow(
      new SipParseError('malformed expires parameter'),
    );
  });

  it('reads Content-Length', () => {
    expect(parseContentLength('0')).toBe(0);
    expect(parseContentLength('1500')).toBe(1500);
    for (const bad of ['', ' ', '-1', '1e3', 'ten'])
      expect(() => parseContentLength(bad)).toThrow(SipParseError);
  });

  it('reads Content-Type with parameters', () => {
    expect(parseContentType('Application/SDP')).toEqual({ mediaType: 'application/sdp', params: new Map() });
    expect(parseContentType('multipart/mixed ; boundary="unique-boundary-1";charset=UTF-8')).toEqual({
      mediaType: 'multipart/mixed',
      params: new Map([
        ['boundary', '"unique-boundary-1"'],
        ['charset', 'UTF-8'],
      ]),
    });
    for (const bad of ['', 'text', 'text/', '/plain', 'text/plain junk']) {
      expect(() => parseContentType(bad)).toThrow(SipParseError);
    }
  });
});
