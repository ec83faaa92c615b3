/**
 * ITU-T G.711 (11/88) µ-law and A-law companding, table-driven.
 *
 * Linear samples are 16-bit two's complement. G.711 itself works on 14-bit (µ-law) and 13-bit
 * (A-law) samples, so the low bits of a 16-bit sample never change the code; negative samples are
 * reduced with a one's complement (`~x`) before shifting, as the ITU-T G.191 reference coder does,
 * which makes the quantiser symmetric around zero.
 *
 * G.711 Table 2a (µ-law): segment e = 0..7 and step m = 0..15 decode to
 *   y = (2^e * (33 + 2m) - 33)          in 14-bit units (x4 for 16-bit), code bits inverted.
 * G.711 Table 1a (A-law): segment e = 0..7 and step m = 0..15 decode to
 *   y = m + 1/2                 (e = 0)
 *   y = (16 + m + 1/2) * 2^(e-1) (e > 0) in 12-bit magnitude units (x16 for 16-bit), even bits inverted.
 * Each encoder picks the code whose decision interval holds the input: the decoded value is the
 * interval's midpoint. The functions below follow those formulas; the tables are built from them
 * once, and the per-sample paths are a single lookup.
 */

/** RTP payload types of RFC 3551: PCMU (µ-law) and PCMA (A-law), both 8 kHz. */
export const PCMU = 0;
export const PCMA = 8;
export type G711PayloadType = typeof PCMU | typeof PCMA;

export function isG711PayloadType(payloadType: number): payloadType is G711PayloadType {
  return payloadType === PCMU || payloadType === PCMA;
}

const MULAW_BIAS = 33; // 14-bit units
const MULAW_MAX_BIASED = 0x1fff; // the top of segment 7: inputs beyond it clip to the largest code

function mulawDecodeFormula(code: number): number {
  const bits = ~code & 0xff;
  const exponent = (bits >> 4) & 0x07;
  const mantissa = bits & 0x0f;
  const magnitude = ((((mantissa << 1) + MULAW_BIAS) << exponent) - MULAW_BIAS) << 2;
  return bits & 0x80 ? -magnitude : magnitude;
}

function mulawEncodeFormula(sample: number): number {
  const negative = sample < 0;
  const biased = Math.min(((negative ? ~sample : sample) >> 2) + MULAW_BIAS, MULAW_MAX_BIASED);
  // The biased magnitude is at least 33 (bit 5 set): its highest bit, less 5, is the segment.
  const exponent = 31 - Math.clz32(biased) - 5;
  const mantissa = (biased >> (exponent + 1)) & 0x0f;
  return ~((negative ? 0x80 : 0) | (exponent << 4) | mantissa) & 0xff;
}

const ALAW_EVEN_BITS = 0x55;

function alawDecodeFormula(code: number): number {
  const bits = code ^ ALAW_EVEN_BITS;
  const exponent = (bits >> 4) & 0x07;
  const mantissa = bits & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : (((mantissa + 16) << 4) + 8) << (exponent - 1);
  // A-law's sign bit is set for positive values.
  return bits & 0x80 ? magnitude : -magnitude;
}

function alawEncodeFormula(sample: number): number {
  const negative = sample < 0;
  const magnitude = (negative ? ~sample : sample) >> 4; // 0..2047
  // Segment 0 covers 0..15 in steps of 1; segment e > 0 starts at 2^(e+3) with steps of 2^(e-1).
  const exponent = magnitude < 16 ? 0 : 31 - Math.clz32(magnitude) - 3;
  const mantissa = exponent === 0 ? magnitude : (magnitude >> (exponent - 1)) & 0x0f;
  return ((negative ? 0 : 0x80) | (exponent << 4) | mantissa) ^ ALAW_EVEN_BITS;
}

/** Neither law looks at the two lowest bits of a 16-bit sample: 14 bits index the encoders. */
const ENCODE_INDEX_BITS = 14;
const ENCODE_INDEX_MASK = (1 << ENCODE_INDEX_BITS) - 1;

function buildTables(
  decode: (code: number) => number,
  encode: (sample: number) => number,
): { decode: Int16Array; encode: Uint8Array } {
  const decodeTable = new Int16Array(256);
  for (let code = 0; code < 256; code += 1) decodeTable[code] = decode(code);
  const encodeTable = new Uint8Array(1 << ENCODE_INDEX_BITS);
  for (let index = 0; index <= ENCODE_INDEX_MASK; index += 1) {
    // The sample whose top 14 bits are `index`, as a signed 16-bit value.
    encodeTable[index] = encode((index << (32 - ENCODE_INDEX_BITS)) >> 16);
  }
  return { decode: decodeTable, encode: encodeTable };
}

const MULAW = buildTables(mulawDecodeFormula, mulawEncodeFormula);
const ALAW = buildTables(alawDecodeFormula, alawEncodeFormula);

const INT16_MIN = -32768;
const INT16_MAX = 32767;

/** Clamps any integer (a sum of voices, say) to the 16-bit range. */
export function clampToInt16(value: number): number {
  return value > INT16_MAX ? INT16_MAX : value < INT16_MIN ? INT16_MIN : value | 0;
}

function encodeIndex(sample: number): number {
  return (clampToInt16(sample) >> 2) & ENCODE_INDEX_MASK;
}

export function decodeMulaw(code: number): number {
  return MULAW.decode[code & 0xff]!;
}

/** Any integer in; values beyond the 16-bit range clamp (and µ-law clips at ±32,635 anyway). */
export function encodeMulaw(sample: number): number {
  return MULAW.encode[encodeIndex(sample)]!;
}

export function decodeAlaw(code: number): number {
  return ALAW.decode[code & 0xff]!;
}

export function encodeAlaw(sample: number): number {
  return ALAW.encode[encodeIndex(sample)]!;
}

/**
 * Decodes one payload into `out`. A payload shorter than `out` leaves the rest silent; a longer
 * one is cut to `out`'s length.
 */
export function decodeG711(payload: Uint8Array, payloadType: G711PayloadType, out: Int16Array): void {
  const table = payloadType === PCMU ? MULAW.decode : ALAW.decode;
  const count = Math.min(payload.length, out.length);
  for (let index = 0; index < count; index += 1) out[index] = table[payload[index]!]!;
  out.fill(0, count);
}

/** Encodes 16-bit samples (already in range: `Int16Array` guarantees it) into `out`. */
export function encodeG711(samples: Int16Array, payloadType: G711PayloadType, out: Uint8Array): void {
  const table = payloadType === PCMU ? MULAW.encode : ALAW.encode;
  const count = Math.min(samples.length, out.length);
  for (let index = 0; index < count; index += 1)
    out[index] = table[(samples[index]! >> 2) & ENCODE_INDEX_MASK]!;
}

/** The code of digital silence: what a G.711 stream carries when nobody speaks. */
export function silenceCode(payloadType: G711PayloadType): number {
  return payloadType === PCMU ? encodeMulaw(0) : encodeAlaw(0);
}
