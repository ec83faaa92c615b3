/**
 * Sums 20 ms frames of 16-bit audio for every listener of a mixer in O(participants) per listener:
 * the voices everyone hears are summed once, then each listener's mix is that sum less its own
 * voice, plus any whisper meant for it alone, clipped to 16 bits. Integer arithmetic throughout,
 * so subtracting one's own voice removes it exactly.
 */

export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
/** Samples in one 20 ms frame at 8 kHz: also the RTP timestamp step per packet. */
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

const INT16_MIN = -32768;
const INT16_MAX = 32767;

export class MixBus {
  private readonly everyone = new Int32Array(FRAME_SAMPLES);

  /** Starts a new tick: nobody has spoken yet. */
  clear(): void {
    this.everyone.fill(0);
  }

  /** Adds a voice that every other listener hears (roles full and barge). */
  addHeardByEveryone(frame: Int16Array): void {
    const everyone = this.everyone;
    for (let index = 0; index < FRAME_SAMPLES; index += 1) everyone[index]! += frame[index]!;
  }

  /**
   * Writes one listener's mix into `out`.
   * @param own the listener's own voice if it was added with `addHeardByEveryone`, else null
   * @param whispers voices only this listener hears
   */
  renderFor(out: Int16Array, own: Int16Array | null, whispers: readonly Int16Array[]): void {
    const everyone = this.everyone;
    for (let index = 0; index < FRAME_SAMPLES; index += 1) {
      let sample = everyone[index]!;
      if (own) sample -= own[index]!;
      for (const whisper of whispers) sample += whisper[index]!;
      // A hard clip: G.711 saturates at about the same level anyway (±32,124 µ-law, ±32,256 A-law).
      out[index] = sample > INT16_MAX ? INT16_MAX : sample < INT16_MIN ? INT16_MIN : sample;
    }
  }
}
