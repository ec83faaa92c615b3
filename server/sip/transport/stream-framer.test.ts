import { describe, expect, it } from 'vitest';
import { StreamFramer } from './stream-framer.js';

const message = (body = '') =>
  `OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('StreamFramer', () => {
  it('cuts back-to-back messages by Content-Length, bodies included', () => {
    const framer = new StreamFramer(65536);
    const events = framer.push(Buffer.from(message('v=0\r\n') + message() + message('ab')));
    expect(events.map((event) => event.kind)).toEqual(['message', 'message', 'message']);
    expect(events[0]!.kind === 'message' && events[0]!.data.toString().endsWith('v=0\r\n')).toBe(true);
    expect(framer.pendingBytes).toBe(0);
  });

  it('waits for the rest of a message split across chunks, byte by byte', () => {
    const framer = new StreamFramer(65536);
    const bytes = Buffer.from(message('hello'));
    const events = [...bytes].flatMap((byte) => framer.push(Buffer.from([byte])));
    expect(events).toHaveLength(1);
    expect(events[0]!.kind === 'message' && events[0]!.data.equals(bytes)).toBe(true);
  });

  it('answers CRLF CRLF keep-alives as pings and skips stray CRLFs (RFC 5626)', () => {
    const framer = new StreamFramer(65536);
    expect(framer.push(Buffer.from('\r\n\r\n'))).toEqual([{ kind: 'ping' }]);
    expect(framer.push(Buffer.from('\r\n'))).toEqual([]);
    const events = framer.push(Buffer.from(`\r\n\r\n${message()}`));
    expect(events.map((event) => event.kind)).toEqual(['ping', 'message']);
  });

  it('accepts the compact form l: for Content-Length', () => {
    const framer = new StreamFramer(65536);
    const text = 'OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\r\nok';
    expect(framer.push(Buffer.from(text))).toEqual([{ kind: 'message', data: Buffer.from(text) }]);
  });

  it('refuses a stream message without Content-Length, and an oversized one, then stays closed', () => {
    expect(
      new StreamFramer(65536).push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n'))[0],
    ).toMatchObject({
      kind: 'error',
    });
    const small = new StreamFramer(100);
    expect(small.push(Buffer.from(message('x'.repeat(200))))[0]).toMatchObject({ kind: 'error' });
    expect(small.push(Buffer.from(message()))).toEqual([]);
    const endless = new StreamFramer(100);
    expect(endless.push(Buffer.from('A'.repeat(150)))[0]).toMatchObject({ kind: 'error' });
  });
});
