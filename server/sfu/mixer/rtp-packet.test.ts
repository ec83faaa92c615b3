import { describe, expect, it } from 'vitest';
import { isRtcp, parseRtp, parseTelephoneEvent, telephoneEventName, writeRtp } from './rtp-packet.js';

describe('RTP packets', () => {
  it('writes a header that reads back the same', () => {
    const packet = writeRtp(
      { payloadType: 8, marker: true, sequence: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef },
      Uint8Array.of(1, 2, 3),
    );
    expect(packet.subarray(0, 2)).toEqual(Buffer.from([0x80, 0x88]));
    expect(parseRtp(packet)).toEqual({
      payloadType: 8,
      marker: true,
      sequence: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      payload: Buffer.from([1, 2, 3]),
    });
  });

  it('skips CSRCs and a header extension, and strips padding', () => {
    const header = Buffer.from([0xb1, 0x00, 0, 7, 0, 0, 0, 160, 0, 0, 0, 9]); // P, X, CC=1
    const csrc = Buffer.from([0, 0, 0, 42]);
    const extension = Buffer.from([0xbe, 0xde, 0, 1, 1, 2, 3, 4]);
    const payload = Buffer.from([0xff, 0xfe]);
    const padding = Buffer.from([0, 0, 3]);
    const parsed = parseRtp(Buffer.concat([header, csrc, extension, payload, padding]));
    expect(parsed?.sequence).toBe(7);
    expect(parsed?.payload).toEqual(payload);
  });

  it('refuses RTCP, other versions and truncated packets', () => {
    const receiverReport = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 1]);
    expect(isRtcp(receiverReport)).toBe(true);
    expect(parseRtp(Buffer.concat([receiverReport, Buffer.alloc(8)]))).toBeNull();
    expect(parseRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(parseRtp(Buffer.from([0x80, 0, 0]))).toBeNull();
    expect(parseRtp(Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 9]))).toBeNull();
    expect(parseRtp(Buffer.from([0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200]))).toBeNull();
  });
});

describe('RFC 4733 telephone events', () => {
  it('reads event, end bit, volume and duration', () => {
    expect(parseTelephoneEvent(Uint8Array.of(11, 0x8a, 0x03, 0x20))).toEqual({
      event: 11,
      end: true,
      volume: 10,
      duration: 800,
    });
    expect(parseTelephoneEvent(Uint8Array.of(1, 2))).toBeNull();
  });

  it('names DTMF keys', () => {
    expect([0, 9, 10, 11, 12, 15, 16, 70].map(telephoneEventName)).toEqual([
      '0',
      '9',
      '*',
      '#',
      'A',
      'D',
      'flash',
      '70',
    ]);
  });
});
