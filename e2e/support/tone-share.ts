/**
 * Which sound reached an RTP peer: the share of the received audio's energy that is one pure tone. The agent's
 * fake microphone plays a steady 440 Hz sine (browser-agent/tone-wav.node.ts), which arrives with nearly all
 * its energy at 440 Hz after Opus and G.711; music on hold (chords) or a caller's other tone put little there.
 * So "the caller hears the agent again" is `toneShare(audio, 440) > 0.5`, and "the caller hears music, not the
 * agent" is a loud signal with a small 440 Hz share.
 */
import { decodeMulaw } from '../../server/sfu/mixer/g711.js';
import type { RtpPacket } from '../../server/sfu/testing/rtp-peer.fixture.js';

const SAMPLE_RATE = 8_000;
/** 100 ms blocks: 440 Hz and 1 kHz both fit a whole number of periods, so Goertzel needs no window. */
const BLOCK = 800;

/** The µ-law payloads, decoded to 16-bit linear samples in arrival order. */
export function decodePcmu(packets: readonly RtpPacket[]): Int16Array {
  const samples = new Int16Array(packets.reduce((sum, packet) => sum + packet.payload.length, 0));
  let index = 0;
  for (const packet of packets) for (const byte of packet.payload) samples[index++] = decodeMulaw(byte);
  return samples;
}

/**
 * The fraction (0..1) of the signal's energy at `frequencyHz`, averaged over 100 ms blocks (Goertzel per
 * block, normalised so that a pure sine at that frequency gives 1). 0 for silence or less than one block.
 */
export function toneShare(samples: Int16Array, frequencyHz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / SAMPLE_RATE);
  let toneEnergy = 0;
  let totalEnergy = 0;
  for (let start = 0; start + BLOCK <= samples.length; start += BLOCK) {
    let [previous, beforePrevious, energy] = [0, 0, 0];
    for (let index = start; index < start + BLOCK; index += 1) {
      const sample = samples[index]!;
      energy += sample * sample;
      [previous, beforePrevious] = [sample + coefficient * previous - beforePrevious, previous];
    }
    const power = previous ** 2 + beforePrevious ** 2 - coefficient * previous * beforePrevious;
    // A sine of amplitude A over N samples: power = (A N / 2)^2 and energy = A^2 N / 2.
    toneEnergy += (2 * power) / BLOCK;
    totalEnergy += energy;
  }
  return totalEnergy === 0 ? 0 : toneEnergy / totalEnergy;
}
