/**
 * Placing one RTP stream on the recording's timeline: by RTP timestamp despite capture jitter,
 * across sequence and timestamp wrap-around, once per duplicate, and back on the capture clock
 * when the sender restarts its timestamps.
 */
import { describe, expect, it } from 'vitest';
import { RtpStreamClock } from './rtp-stream-clock.js';

const RESYNC = 8000; // one second at 8 kHz

/** Places packets given as [sequence, timestamp, capture position]; returns the positions. */
function placeAll(clock: RtpStreamClock, packets: readonly [number, number, number][]) {
  return packets.map(([sequence, timestamp, capture]) => clock.place(sequence, timestamp, capture, 160));
}

describe('RTP stream clock', () => {
  it('anchors at the first capture, then follows RTP timestamps through capture jitter', () => {
    const clock = new RtpStreamClock(RESYNC);
    const positions = placeAll(clock, [
      [100, 5000, 800],
      [101, 5160, 1010], // 50 jitter
      [102, 5320, 1090],
      [103, 5480, 1300],
    ]);
    expect(positions).toEqual([800, 960, 1120, 1280]);
    expect(clock.counters).toEqual({ packets: 4, duplicates: 0, lost: 0, resyncs: 0 });
  });

  it('runs through sequence and timestamp wrap-around', () => {
    const clock = new RtpStreamClock(RESYNC);
    const positions = placeAll(clock, [
      [65534, 0xffffff60, 0],
      [65535, 0x00000000, 160],
      [0, 0x000000a0, 320],
      [1, 0x00000140, 480],
    ]);
    expect(positions).toEqual([0, 160, 320, 480]);
    expect(clock.counters.lost).toBe(0);
  });

  it('places a duplicate once and a late packet where it belongs, counting what never came', () => {
    const clock = new RtpStreamClock(RESYNC);
    const positions = placeAll(clock, [
      [10, 1600, 0],
      [12, 1920, 320],
      [12, 1920, 330], // duplicate
      [11, 1760, 340], // reordered
      [11, 1760, 345], // duplicate of the reordered one
      [15, 2400, 800], // 13 and 14 lost
    ]);
    expect(positions).toEqual([0, 320, null, 160, null, 800]);
    expect(clock.counters).toEqual({ packets: 4, duplicates: 2, lost: 2, resyncs: 0 });
  });

  it('goes back to capture time when the timestamps jump (a sender restarting them)', () => {
    const clock = new RtpStreamClock(RESYNC);
    const positions = placeAll(clock, [
      [1, 1_000_000, 0],
      [2, 1_000_160, 160],
      [3, 77, 320], // random new base
      [4, 237, 480],
    ]);
    expect(positions).toEqual([0, 160, 320, 480]);
    expect(clock.counters.resyncs).toBe(1);
  });

  it('never lets audio run backwards over itself when the timestamps go back a little', () => {
    const clock = new RtpStreamClock(RESYNC);
    const positions = placeAll(clock, [
      [1, 1600, 0],
      [2, 1760, 160],
      [3, 1920, 320],
      [4, 1600, 480], // timestamps restarted at the first value; sequence went on
      [5, 1760, 640],
    ]);
    expect(positions).toEqual([0, 160, 320, 480, 640]);
  });

  it('treats a huge sequence jump as a restart, not as thousands of lost packets', () => {
    const clock = new RtpStreamClock(RESYNC);
    const positions = placeAll(clock, [
      [100, 0, 0],
      [101, 160, 160],
      [40000, 320, 320],
      [40001, 480, 480],
    ]);
    expect(positions).toEqual([0, 160, 320, 480]);
    expect(clock.counters).toMatchObject({ packets: 4, lost: 0, duplicates: 0 });
  });

  it('follows capture time over a long silence when the timestamps disagree with it', () => {
    const clock = new RtpStreamClock(RESYNC);
    // Silence suppression: timestamps jump with the pause; no resync needed.
    expect(
      placeAll(clock, [
        [1, 0, 0],
        [2, 160, 160],
        [3, 40_160, 40_165],
      ]),
    ).toEqual([0, 160, 40_160]);
    // A sender whose timestamps stood still during a 3 s pause: back on the capture clock.
    expect(placeAll(clock, [[4, 40_320, 64_325]])).toEqual([64_325]);
    expect(clock.counters.resyncs).toBe(1);
  });
});
