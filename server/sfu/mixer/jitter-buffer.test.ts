import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JitterBuffer } from './jitter-buffer.js';

const payload = Buffer.alloc(160);

function buffer(depth = 2, maxDepth = 5): JitterBuffer {
  return new JitterBuffer({ depth, maxDepth });
}

/** Plays `ticks` ticks and returns what each gave: a sequence number or null. */
function play(jitter: JitterBuffer, ticks: number): (number | null)[] {
  return Array.from({ length: ticks }, () => jitter.pop()?.sequence ?? null);
}

describe('jitter buffer', () => {
  it('waits for `depth` frames, then plays one per tick in sequence order', () => {
    const jitter = buffer(2);
    jitter.push(10, 0, payload);
    expect(play(jitter, 1)).toEqual([null]);
    jitter.push(12, 0, payload);
    jitter.push(11, 0, payload);
    expect(play(jitter, 3)).toEqual([10, 11, 12]);
    expect(jitter.stats.underruns).toBe(0);
  });

  it('conceals a missing frame when later ones are held, and drops the straggler as late', () => {
    const jitter = buffer(2);
    for (const sequence of [1, 2, 4, 5]) jitter.push(sequence, 0, payload);
    expect(play(jitter, 3)).toEqual([1, 2, null]);
    expect(jitter.push(3, 0, payload)).toBe('late');
    expect(play(jitter, 2)).toEqual([4, 5]);
    expect(jitter.stats).toMatchObject({ lost: 1, late: 1 });
  });

  it('plays a lone frame after waiting `depth` ticks for company', () => {
    const jitter = buffer(2);
    jitter.push(7, 0, payload);
    expect(play(jitter, 4)).toEqual([null, null, 7, null]);
  });

  it('refuses duplicates', () => {
    const jitter = buffer(2);
    expect(jitter.push(1, 0, payload)).toBe('accepted');
    expect(jitter.push(1, 0, payload)).toBe('duplicate');
  });

  it('refills after an underrun and carries on where the stream resumes', () => {
    const jitter = buffer(2);
    jitter.push(1, 0, payload);
    jitter.push(2, 0, payload);
    expect(play(jitter, 3)).toEqual([1, 2, null]);
    expect(jitter.isFilling).toBe(true);
    jitter.push(3, 0, payload);
    expect(play(jitter, 1)).toEqual([null]);
    jitter.push(4, 0, payload);
    expect(play(jitter, 2)).toEqual([3, 4]);
    expect(jitter.stats.underruns).toBeGreaterThanOrEqual(1);
  });

  it('extends sequence numbers across the 16-bit wrap', () => {
    const jitter = buffer(2);
    for (const sequence of [65534, 0, 65535, 1]) jitter.push(sequence, 0, payload);
    expect(play(jitter, 4)).toEqual([65534, 65535, 65536, 65537]);
  });

  it('drops the oldest frames when the sender runs faster than the mixer', () => {
    const jitter = buffer(2, 4);
    for (let sequence = 0; sequence < 8; sequence += 1) jitter.push(sequence, 0, payload);
    expect(play(jitter, 2)).toEqual([6, 7]);
    expect(jitter.stats.overflow).toBe(6);
  });

  it('restarts on a large sequence jump instead of concealing through the gap', () => {
    const jitter = buffer(2);
    jitter.push(100, 0, payload);
    jitter.push(101, 0, payload);
    expect(play(jitter, 1)).toEqual([100]);
    jitter.push(40_000, 0, payload);
    jitter.push(40_001, 0, payload);
    expect(play(jitter, 2)).toEqual([40_000, 40_001]);
    expect(jitter.stats.resyncs).toBe(1);
  });

  it('skips a medium gap (a burst of loss) without adding its length as delay', () => {
    const jitter = buffer(2, 5);
    jitter.push(1, 0, payload);
    jitter.push(2, 0, payload);
    expect(play(jitter, 1)).toEqual([1]);
    jitter.push(50, 0, payload);
    jitter.push(51, 0, payload);
    expect(play(jitter, 3)).toEqual([2, 50, 51]);
    expect(jitter.stats.lost).toBe(47);
  });

  it('never plays a frame twice or out of order, whatever arrives when', () => {
    const arrival = fc.array(
      fc.record({ sequence: fc.integer({ min: 0, max: 300 }), ticksBefore: fc.integer({ min: 0, max: 2 }) }),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(arrival, fc.integer({ min: 1, max: 4 }), (packets, depth) => {
        const jitter = buffer(depth, depth + 3);
        const played: number[] = [];
        const take = () => {
          const frame = jitter.pop();
          if (frame) played.push(frame.sequence);
        };
        for (const packet of packets) {
          for (let tick = 0; tick < packet.ticksBefore; tick += 1) take();
          jitter.push(packet.sequence, 0, payload);
        }
        for (let tick = 0; tick < 80; tick += 1) take();
        for (let index = 1; index < played.length; index += 1) {
          expect(played[index]).toBeGreaterThan(played[index - 1]!);
        }
        expect(jitter.size).toBe(0);
      }),
    );
  });

  it('plays every packet of a stream that is only mildly reordered', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 20, maxLength: 200 }), (swaps) => {
        const jitter = buffer(2, 5);
        const order = swaps.map((_, index) => index);
        for (let index = 0; index + 1 < order.length; index += 2) {
          if (swaps[index]) [order[index], order[index + 1]] = [order[index + 1]!, order[index]!];
        }
        const played: number[] = [];
        for (const sequence of order) {
          jitter.push(sequence, 0, payload);
          const frame = jitter.pop();
          if (frame) played.push(frame.sequence);
        }
        for (let tick = 0; tick < 10; tick += 1) {
          const frame = jitter.pop();
          if (frame) played.push(frame.sequence);
        }
        expect(played).toEqual(order.map((_, index) => index));
      }),
    );
  });
});
