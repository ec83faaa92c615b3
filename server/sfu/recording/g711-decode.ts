/**
 * ITU-T G.711 decoding to 16-bit linear PCM, by lookup tables built once. Each 8-bit code is a
 * sign, a 3-bit segment (exponent) and a 4-bit step (mantissa). µ-law (PCMU, payload type 0)
 * stores all bits inverted; A-law (PCMA, payload type 8) inverts the even bits (XOR 0x55).
 */

const MULAW_BIAS = 0x84;

function mulawToLinear(code: number): number {
  const inverted = ~code & 0xff;
  const segment = (inverted >> 4) & 0x07;
  const magnitude = ((((inverted & 0x0f) << 3) + MULAW_BIAS) << segment) - MULAW_BIAS;
  return inverted & 0x80 ? -magnitude : magnitude;
}

function alawToLinear(code: number): number {
  const toggled = code ^ 0x55;
  const segment = (toggled >> 4) & 0x07;
  const step = (toggled & 0x0f) << 4;
  // Segment 0 is linear; each later one doubles the step size. The midpoint of the step is returned.
  const magnitude = segment === 0 ? step + 8 : (step + 0x108) << (segment - 1);
  // A-law's sign bit is set for positive values (after the XOR).
  return toggled & 0x80 ? magnitude : -magnitude;
}

const MULAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => mulawToLinear(code));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => alawToLinear(code));

export type G711Law = 'mulaw' | 'alaw';

/** One linear sample per payload byte. */
export function decodeG711(law: G711Law, payload: Uint8Array): Int16Array {
  const table = law === 'mulaw' ? MULAW_TABLE : ALAW_TABLE;
  const samples = new Int16Array(payload.length);
  for (let index = 0; index < payload.length; index += 1) samples[index] = table[payload[index]!]!;
  return samples;
}
