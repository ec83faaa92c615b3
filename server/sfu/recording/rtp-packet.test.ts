/**
 * RTP header parsing (RFC 3550 section 5.1) and G.711 decoding (ITU-T G.711), checked against
 * packets and codes we build with the tests' own writer and encoders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeG711 } from './g711-decode.js';
import { parseRtp } from './rtp-packet.js';
import { encodeAlaw, encodeMulaw, rtpPacket } from './testing/pcap-writer.fixture.js';

const media = Buffer.from([1, 2, 3, 4, 5]);

describe('RTP header', () => {
  it('reads the fixed header fields', () => {
    const packet = rtpPacket({
      payloadType: 8,
      sequence: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      payload: media,
      marker: true,
    });
    expect(parseRtp(packet)).toEqual({
      payloadType: 8,
      marker: true,
      sequence: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      payload: media,
    });
  });

  it('takes CSRCs, the header extension and padding off the payload', () => {
    const packet = rtpPacket({
      payloadType: 0,
      sequence: 1,
      timestamp: 160,
      ssrc: 7,
      payload: media,
      csrcs: [11, 22],
      extensionWords: 2,
      padding: 3,
    });
    expect(parseRtp(packet)?.payload).toEqual(media);
  });

  it('is not fooled by RTCP, other versions or impossible lengths', () => {
    const rtcp = Buffer.from('81c90007deadbeef00000000000000000000000000000000', 'hex'); // receiver report
    expect(parseRtp(rtcp)).toBeNull();
    const version1 = rtpPacket({ payloadType: 0, sequence: 1, timestamp: 0, ssrc: 1, payload: media });
    version1[0] = 0x40;
    expect(parseRtp(version1)).toBeNull();
    expect(parseRtp(Buffer.alloc(11, 0x80))).toBeNull();
    const csrcsMissing = rtpPacket({
      payloadType: 0,
      sequence: 1,
      timestamp: 0,
      ssrc: 1,
      payload: Buffer.alloc(0),
    });
    csrcsMissing[0] = 0x8f; // claims 15 CSRCs
    expect(parseRtp(csrcsMissing)).toBeNull();
    const padded = rtpPacket({
      payloadType: 0,
      sequence: 1,
      timestamp: 0,
      ssrc: 1,
      payload: media,
      padding: 2,
    });
    padded[padded.length - 1] = 200; // more padding than packet
    expect(parseRtp(padded)).toBeNull();
    padded[padded.length - 1] = 0;
    expect(parseRtp(padded)).toBeNull();
  });

  it('never throws on any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const parsed = parseRtp(Buffer.from(bytes));
        if (parsed) expect(parsed.payload.length).toBeLessThanOrEqual(bytes.length - 12);
      }),
    );
  });
});

describe('G.711 decoding', () => {
  it('knows the codes every implementation agrees on', () => {
    expect([...decodeG711('mulaw', Buffer.from([0xff, 0x7f, 0x80, 0x00]))]).toEqual([0, 0, 32124, -32124]);
    expect([...decodeG711('alaw', Buffer.from([0xd5, 0x55, 0xaa, 0x2a]))]).toEqual([8, -8, 32256, -32256]);
  });

  it('gives back what was encoded, within half a quantisation step (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32000, max: 32000 }), (sample) => {
        const tolerance = Math.abs(sample) / 16 + 16;
        const mulaw = decodeG711('mulaw', Buffer.from([encodeMulaw(sample)]))[0]!;
        const alaw = decodeG711('alaw', Buffer.from([encodeAlaw(sample)]))[0]!;
        expect(Math.abs(mulaw - sample)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(alaw - sample)).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 2000 },
    );
  });
});
