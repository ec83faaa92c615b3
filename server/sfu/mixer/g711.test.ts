/**
 * G.711 against references built independently from the standard: the decoder output values of
 * Tables 1a/2a, and encoders that search the decision intervals around them (each interval's
 * midpoint is its decoder output), checked over every one of the 65,536 16-bit samples.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeAlaw,
  decodeG711,
  decodeMulaw,
  encodeAlaw,
  encodeG711,
  encodeMulaw,
  PCMA,
  PCMU,
  silenceCode,
} from './g711.js';

interface Interval {
  /** Inclusive lower and exclusive upper decision values, in the law's magnitude units. */
  lower: number;
  upper: number;
  segment: number;
  step: number;
}

/** µ-law, 14-bit units: output 2^e(33+2m)-33, interval of width 2^(e+1) around it (from 0 at the bottom). */
const MULAW_INTERVALS: Interval[] = [];
/** A-law, 12-bit magnitude units: output m+1/2 (e = 0) or (16+m+1/2)*2^(e-1), width 1 or 2^(e-1). */
const ALAW_INTERVALS: Interval[] = [];
for (let segment = 0; segment < 8; segment += 1) {
  for (let step = 0; step < 16; step += 1) {
    const output = 2 ** segment * (33 + 2 * step) - 33;
    MULAW_INTERVALS.push({
      lower: Math.max(0, output - 2 ** segment),
      upper: output + 2 ** segment,
      segment,
      step,
    });
    const width = segment === 0 ? 1 : 2 ** (segment - 1);
    const lower = segment === 0 ? step : (16 + step) * width;
    ALAW_INTERVALS.push({ lower, upper: lower + width, segment, step });
  }
}

function intervalOf(intervals: readonly Interval[], magnitude: number): Interval {
  const found = intervals.find((interval) => magnitude >= interval.lower && magnitude < interval.upper);
  if (!found) throw new Error(`no decision interval holds ${magnitude}`);
  return found;
}

function referenceMulawDecode(code: number): number {
  const bits = 0xff - code; // all bits inverted on the line
  const segment = Math.floor((bits % 128) / 16);
  const output = 2 ** segment * (33 + 2 * (bits % 16)) - 33;
  return output === 0 ? 0 : (bits >= 128 ? -4 : 4) * output; // negative zero decodes to 0
}

function referenceAlawDecode(code: number): number {
  const bits = code ^ 0x55; // even bits inverted on the line
  const segment = Math.floor((bits % 128) / 16);
  const step = bits % 16;
  const output = segment === 0 ? step + 0.5 : (16 + step + 0.5) * 2 ** (segment - 1);
  return (bits >= 128 ? 16 : -16) * output;
}

function referenceMulawEncode(sample: number): number {
  const negative = sample < 0;
  const magnitude = Math.min(Math.floor((negative ? -sample - 1 : sample) / 4), 8158);
  const { segment, step } = intervalOf(MULAW_INTERVALS, magnitude);
  return 0xff - ((negative ? 128 : 0) + segment * 16 + step);
}

function referenceAlawEncode(sample: number): number {
  const negative = sample < 0;
  const magnitude = Math.floor((negative ? -sample - 1 : sample) / 16);
  const { segment, step } = intervalOf(ALAW_INTERVALS, magnitude);
  return ((negative ? 0 : 128) + segment * 16 + step) ^ 0x55;
}

const ALL_CODES = Array.from({ length: 256 }, (_, code) => code);

describe('G.711 µ-law', () => {
  it('decodes every code to the value of Table 2a', () => {
    for (const code of ALL_CODES) expect(decodeMulaw(code), `code ${code}`).toBe(referenceMulawDecode(code));
  });

  it('decodes the well-known extremes and zero', () => {
    expect(decodeMulaw(0x80)).toBe(32124);
    expect(decodeMulaw(0x00)).toBe(-32124);
    expect(decodeMulaw(0xff)).toBe(0);
    expect(decodeMulaw(0x7f)).toBe(0);
  });

  it('encodes every 16-bit sample into the code whose decision interval holds it', () => {
    for (let sample = -32768; sample <= 32767; sample += 1) {
      const code = encodeMulaw(sample);
      if (code !== referenceMulawEncode(sample)) {
        expect(code, `sample ${sample}`).toBe(referenceMulawEncode(sample));
      }
    }
  });

  it('round-trips every code through decode and encode (negative zero becomes positive zero)', () => {
    for (const code of ALL_CODES) {
      expect(encodeMulaw(decodeMulaw(code)), `code ${code}`).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it('clamps linear values beyond the 16-bit range to the extreme codes', () => {
    expect(encodeMulaw(32767)).toBe(0x80);
    expect(encodeMulaw(1_000_000)).toBe(0x80);
    expect(encodeMulaw(-32768)).toBe(0x00);
    expect(encodeMulaw(-1_000_000)).toBe(0x00);
    expect(silenceCode(PCMU)).toBe(0xff);
  });
});

describe('G.711 A-law', () => {
  it('decodes every code to the value of Table 1a', () => {
    for (const code of ALL_CODES) expect(decodeAlaw(code), `code ${code}`).toBe(referenceAlawDecode(code));
  });

  it('decodes the well-known extremes and the smallest steps', () => {
    expect(decodeAlaw(0xaa)).toBe(32256);
    expect(decodeAlaw(0x2a)).toBe(-32256);
    expect(decodeAlaw(0xd5)).toBe(8);
    expect(decodeAlaw(0x55)).toBe(-8);
  });

  it('encodes every 16-bit sample into the code whose decision interval holds it', () => {
    for (let sample = -32768; sample <= 32767; sample += 1) {
      const code = encodeAlaw(sample);
      if (code !== referenceAlawEncode(sample)) {
        expect(code, `sample ${sample}`).toBe(referenceAlawEncode(sample));
      }
    }
  });

  it('round-trips every code through decode and encode', () => {
    for (const code of ALL_CODES) expect(encodeAlaw(decodeAlaw(code)), `code ${code}`).toBe(code);
  });

  it('clamps linear values beyond the 16-bit range to the extreme codes', () => {
    expect(encodeAlaw(32767)).toBe(0xaa);
    expect(encodeAlaw(99_999)).toBe(0xaa);
    expect(encodeAlaw(-32768)).toBe(0x2a);
    expect(encodeAlaw(-99_999)).toBe(0x2a);
    expect(silenceCode(PCMA)).toBe(0xd5);
  });
});

describe('G.711 frames', () => {
  it('decodes and encodes whole payloads with the per-sample tables', () => {
    for (const payloadType of [PCMU, PCMA] as const) {
      const payload = Uint8Array.from(ALL_CODES);
      const linear = new Int16Array(256);
      decodeG711(payload, payloadType, linear);
      const encode = payloadType === PCMU ? encodeMulaw : encodeAlaw;
      const again = new Uint8Array(256);
      encodeG711(linear, payloadType, again);
      expect([...again]).toEqual([...linear].map((sample) => encode(sample)));
    }
  });

  it('leaves the rest of the frame silent when a payload is short', () => {
    const out = new Int16Array(8).fill(123);
    decodeG711(Uint8Array.of(0x80, 0x80), PCMU, out);
    expect([...out]).toEqual([32124, 32124, 0, 0, 0, 0, 0, 0]);
  });
});
