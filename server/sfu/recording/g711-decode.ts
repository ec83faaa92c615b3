/**
 * G.711 for the recording mixdown, on the codec of the mixer (server/sfu/mixer/g711.ts, tested
 * against every code and sample): one linear sample per payload byte, in a fresh array.
 */
import { decodeG711 as decodeInto, PCMA, PCMU } from '../mixer/g711.js';

export type G711Law = 'mulaw' | 'alaw';

export function decodeG711(law: G711Law, payload: Uint8Array): Int16Array {
  const samples = new Int16Array(payload.length);
  decodeInto(payload, law === 'mulaw' ? PCMU : PCMA, samples);
  return samples;
}
