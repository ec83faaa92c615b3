import { describe, expect, it } from 'vitest';
import { SipHeaders } from './headers.js';

describe('SipHeaders', () => {
  it('matches names case-insensitively, compact forms included, and writes canonical names', () => {
    const headers = new SipHeaders([
      ['v', 'SIP/2.0/UDP a;branch=z9hG4bK1'],
      ['call-id', 'abc'],
      ['CSEQ', '1 INVITE'],
      ['www-authenticate', 'Digest realm="x"'],
      ['X-Tandem-Queue', 'sales'],
    ]);
    expect(headers.get('Via')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1');
    expect(headers.get('I')).toBe('abc');
    expect(headers.has('x-tandem-queue')).toBe(true);
    expect(headers.has('Contact')).toBe(false);
    expect(headers.get('contact')).toBeUndefined();
    expect(headers.toString()).toBe(
      'Via: SIP/2.0/UDP a;branch=z9hG4bK1\r\n' +
        'Call-ID: abc\r\n' +
        'CSeq: 1 INVITE\r\n' +
        'WWW-Authenticate: Digest realm="x"\r\n' +
        'X-Tandem-Queue: sales\r\n',
    );
  });

  it('splits list headers at top-level commas only, and never splits the others', () => {
    const headers = new SipHeaders({
      Contact: ['"Doe, Jane" <sip:jane@a.example;x=1>;q=0.5, <sip:jane@b.example>', 'sip:jane@c.example'],
      Route: '<sip:p1.example;lr>,<sip:p2.example;lr>',
      Authorization: 'Digest username="jane", realm="a, b", nonce="n"',
      'User-Agent': 'Phone 1.0 (build 7, beta)',
      Date: 'Sat, 13 Nov 2010 23:29:00 GMT',
      'X-Unknown': 'one, two',
    });
    expect(headers.getAll('m')).toEqual([
      '"Doe, Jane" <sip:jane@a.example;x=1>;q=0.5',
      '<sip:jane@b.example>',
      'sip:jane@c.example',
    ]);
    expect(headers.get('contact')).toBe('"Doe, Jane" <sip:jane@a.example;x=1>;q=0.5');
    expect(headers.getAll('route')).toEqual(['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
    expect(headers.getAll('authorization')).toEqual(['Digest username="jane", realm="a, b", nonce="n"']);
    expect(headers.getAll('user-agent')).toEqual(['Phone 1.0 (build 7, beta)']);
    expect(headers.getAll('date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(headers.getAll('x-unknown')).toEqual(['one, two']);
    expect(headers.count('contact')).toBe(2);
  });

  it('sets, appends, prepends and removes while keeping the order of rows', () => {
    const headers = new SipHeaders([
      ['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1'],
      ['Route', '<sip:r1>'],
      ['Supported', 'timer'],
      ['Route', '<sip:r2>'],
    ]);
    headers.set('route', ['<sip:x>', '<sip:y>']);
    headers.prepend('Via', 'SIP/2.0/UDP proxy;branch=z9hG4bK0');
    headers.append('k', 'path');
    expect([...headers]).toEqual([
      ['Via', 'SIP/2.0/UDP proxy;branch=z9hG4bK0'],
      ['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1'],
      ['Route', '<sip:x>'],
      ['Route', '<sip:y>'],
      ['Supported', 'timer'],
      ['Supported', 'path'],
    ]);
    expect(headers.remove('supported')).toBe(true);
    expect(headers.remove('supported')).toBe(false);
    headers.set('Max-Forwards', 70);
    expect(headers.get('max-forwards')).toBe('70');
    expect(headers.size).toBe(5);
  });

  it('removes or replaces the first value of a list, inside a row if need be', () => {
    const headers = new SipHeaders([
      ['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2'],
      ['Via', 'SIP/2.0/UDP c;branch=z9hG4bK3'],
    ]);
    expect(headers.replaceFirst('via', 'SIP/2.0/UDP a;branch=z9hG4bK1;received=1.2.3.4')).toBe(
      'SIP/2.0/UDP a;branch=z9hG4bK1',
    );
    expect(headers.getAll('via')).toEqual([
      'SIP/2.0/UDP a;branch=z9hG4bK1;received=1.2.3.4',
      'SIP/2.0/UDP b;branch=z9hG4bK2',
      'SIP/2.0/UDP c;branch=z9hG4bK3',
    ]);
    expect(headers.removeFirst('via')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1;received=1.2.3.4');
    expect(headers.removeFirst('via')).toBe('SIP/2.0/UDP b;branch=z9hG4bK2');
    expect(headers.count('via')).toBe(1);
    expect(headers.removeFirst('via')).toBe('SIP/2.0/UDP c;branch=z9hG4bK3');
    expect(headers.has('via')).toBe(false);
    expect(headers.removeFirst('via')).toBeUndefined();
  });

  it('counts changes so that cached parsed values know when to drop', () => {
    const headers = new SipHeaders();
    const before = headers.version;
    headers.append('Subject', 'a');
    headers.set('Subject', 'b');
    expect(headers.version).toBe(before + 2);
    headers.remove('Contact');
    expect(headers.version).toBe(before + 2);
  });

  it('copies, never shares, when cloned', () => {
    const original = new SipHeaders({ Subject: 'a' });
    const copy = original.clone();
    copy.set('Subject', 'b');
    expect(original.get('subject')).toBe('a');
    expect(new SipHeaders(original).get('subject')).toBe('a');
  });

  it('refuses names that are not tokens and values that would inject rows', () => {
    const headers = new SipHeaders();
    expect(() => headers.append('Bad Name', 'x')).toThrow(TypeError);
    expect(() => headers.append('', 'x')).toThrow(TypeError);
    expect(() => headers.append('Subject', 'a\r\nVia: evil')).toThrow(TypeError);
    expect(() => headers.set('Subject', ['ok', 'a\nb'])).toThrow(TypeError);
    expect(() => headers.replaceFirst('Subject', 'x\ry')).toThrow(TypeError);
    expect(headers.size).toBe(0);
  });

  it('writes Content-Length in place of the first one, or last', () => {
    const headers = new SipHeaders([
      ['To', '<sip:a@b>'],
      ['l', '99'],
      ['Subject', 'x'],
      ['Content-Length', '98'],
    ]);
    expect(headers.serializeWithContentLength(3)).toBe(
      'To: <sip:a@b>\r\nContent-Length: 3\r\nSubject: x\r\n',
    );
    expect(new SipHeaders({ To: '<sip:a@b>' }).serializeWithContentLength(0)).toBe(
      'To: <sip:a@b>\r\nContent-Length: 0\r\n',
    );
  });
});
