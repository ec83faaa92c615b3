/**
 * Properties of one SRTP context pair (sender and receiver sharing a master key): what is protected
 * unprotects to the same packet, whatever the header shape, key, SSRC or index; any change to a
 * protected packet, or the wrong key, fails authentication; the rollover counter follows sequence
 * numbers through 65535 -> 0 on both sides, with packets reordered around the wrap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rtpHeaderLength, SrtpContext, type UnprotectResult } from './srtp-context.fixture.js';
import { randomMasterKey } from './sdes.fixture.js';
import type { MasterKey, SrtpSuite } from './srtp-crypto.fixture.js';

const suiteArb = fc.constantFrom<SrtpSuite>('AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32');
const masterArb: fc.Arbitrary<MasterKey> = fc.record({
  key: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes)),
  salt: fc.uint8Array({ minLength: 14, maxLength: 14 }).map((bytes) => Buffer.from(bytes)),
});

/** An RTP packet with 0-15 CSRCs, maybe a header extension, and a payload. */
const rtpArb = fc
  .record({
    csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    extension: fc.option(fc.uint8Array({ maxLength: 12 }), { nil: undefined }),
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }).filter((type) => type < 72 || type > 79),
    sequence: fc.integer({ min: 0, max: 0xffff }),
    timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    payload: fc.uint8Array({ maxLength: 300 }),
  })
  .map((fields) => {
    const fixed = Buffer.alloc(12);
    fixed[0] = 0x80 | (fields.extension ? 0x10 : 0) | fields.csrcs.length;
    fixed[1] = (fields.marker ? 0x80 : 0) | fields.payloadType;
    fixed.writeUInt16BE(fields.sequence, 2);
    fixed.writeUInt32BE(fields.timestamp, 4);
    fixed.writeUInt32BE(fields.ssrc, 8);
    const csrcs = Buffer.alloc(4 * fields.csrcs.length);
    fields.csrcs.forEach((csrc, index) => csrcs.writeUInt32BE(csrc, 4 * index));
    const extension = fields.extension ? extensionOf(Buffer.from(fields.extension)) : Buffer.alloc(0);
    return Buffer.concat([fixed, csrcs, extension, Buffer.from(fields.payload)]);
  });

/** A header extension: profile 0xBEDE, its length in 32-bit words, the data padded to a word. */
function extensionOf(data: Buffer): Buffer {
  const words = Math.ceil(data.length / 4);
  const extension = Buffer.alloc(4 + 4 * words);
  extension.writeUInt16BE(0xbede, 0);
  extension.writeUInt16BE(words, 2);
  data.copy(extension, 4);
  return extension;
}

function rtp(sequence: number, ssrc = 0x0badcafe): Buffer {
  const packet = Buffer.alloc(12 + 160, 0x55);
  packet[0] = 0x80;
  packet[1] = 0;
  packet.writeUInt16BE(sequence & 0xffff, 2);
  packet.writeUInt32BE(ssrc, 8);
  return packet;
}

describe('protect and unprotect', () => {
  it('round-trips any RTP packet under any key, suite and starting ROC', () => {
    fc.assert(
      fc.property(
        masterArb,
        suiteArb,
        rtpArb,
        fc.integer({ min: 0, max: 0xffffffff }),
        (master, suite, packet, roc) => {
          const srtp = new SrtpContext(master, { suite, initialRoc: roc }).protect(packet);
          expect(srtp.length).toBe(packet.length + (suite === 'AES_CM_128_HMAC_SHA1_80' ? 10 : 4));
          const result = new SrtpContext(master, { suite, initialRoc: roc }).unprotect(srtp);
          expect(result).toEqual({ ok: true, roc, packet });
        },
      ),
    );
  });

  it('leaves the header in the clear and hides the payload', () => {
    fc.assert(
      fc.property(masterArb, rtpArb, (master, packet) => {
        const srtp = new SrtpContext(master).protect(packet);
        const headerLength = rtpHeaderLength(packet)!;
        expect(srtp.subarray(0, headerLength)).toEqual(packet.subarray(0, headerLength));
        const payload = packet.subarray(headerLength);
        if (payload.length >= 8) expect(srtp.subarray(headerLength, packet.length)).not.toEqual(payload);
      }),
    );
  });

  it('fails authentication when any bit of the packet changes, and is not thrown off by it', () => {
    fc.assert(
      fc.property(masterArb, suiteArb, rtpArb, fc.nat(), fc.integer({ min: 0, max: 7 }), (...args) => {
        const [master, suite, packet, at, bit] = args;
        const srtp = new SrtpContext(master, { suite }).protect(packet);
        const forged = Buffer.from(srtp);
        forged[at % forged.length]! ^= 1 << bit;
        const receiver = new SrtpContext(master, { suite });
        expect(receiver.unprotect(forged).ok).toBe(false);
        expect(receiver.unprotect(srtp)).toEqual({ ok: true, roc: 0, packet });
      }),
    );
  });

  it('fails authentication under another key, and under another ROC', () => {
    const master = randomMasterKey();
    const srtp = new SrtpContext(master).protect(rtp(1));
    expect(new SrtpContext(randomMasterKey()).unprotect(srtp)).toEqual({ ok: false, reason: 'auth' });
    expect(new SrtpContext(master, { initialRoc: 1 }).unprotect(srtp)).toEqual({ ok: false, reason: 'auth' });
  });

  it('calls a truncated packet or non-RTP data malformed', () => {
    const context = new SrtpContext(randomMasterKey());
    expect(context.unprotect(Buffer.alloc(20))).toEqual({ ok: false, reason: 'malformed' });
    expect(context.unprotect(rtp(1).subarray(0, 12))).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('the rollover counter', () => {
  it('counts the wrap from 65535 to 0 on the sender and the receiver alike', () => {
    const master = randomMasterKey();
    const sender = new SrtpContext(master);
    const receiver = new SrtpContext(master);
    const results: UnprotectResult[] = [];
    for (let sequence = 65_530; sequence < 65_536 + 6; sequence += 1) {
      results.push(receiver.unprotect(sender.protect(rtp(sequence))));
    }
    expect(results.map((result) => (result.ok ? result.roc : 'failed'))).toEqual([
      ...Array<number>(6).fill(0),
      ...Array<number>(6).fill(1),
    ]);
    expect([sender.rocOf(0x0badcafe), receiver.rocOf(0x0badcafe)]).toEqual([1, 1]);
  });

  it('decrypts packets reordered around a wrap, each under its own ROC', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 65_300, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })),
        fc.integer({ min: 2, max: 200 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        (first, count, swaps) => {
          const master = randomMasterKey();
          const sender = new SrtpContext(master);
          const sent = Array.from({ length: count }, (_, index) => {
            const packet = rtp(first + index);
            return { packet, srtp: sender.protect(packet), roc: Math.floor((first + index) / 65_536) };
          });
          // The first packet arrives first; the others swap with a neighbour up to 20 places later.
          for (let index = 1; index < count; index += 1) {
            const other = Math.min(count - 1, index + (swaps[index]! % 20));
            [sent[index], sent[other]] = [sent[other]!, sent[index]!];
          }
          const receiver = new SrtpContext(master);
          for (const { packet, srtp, roc } of sent) {
            expect(receiver.unprotect(srtp)).toEqual({ ok: true, roc, packet });
          }
        },
      ),
      { numRuns: 40, examples: [[65_500, 200, Array<number>(200).fill(7)]] },
    );
  });

  it('keeps one ROC per SSRC', () => {
    const master = randomMasterKey();
    const sender = new SrtpContext(master);
    for (let sequence = 65_535; sequence <= 65_537; sequence += 1) sender.protect(rtp(sequence, 1));
    sender.protect(rtp(5, 2));
    expect([sender.rocOf(1), sender.rocOf(2), sender.rocOf(3)]).toEqual([1, 0, undefined]);
  });
});
