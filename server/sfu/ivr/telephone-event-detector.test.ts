import { describe, expect, it } from 'vitest';
import { TelephoneEventDetector } from './telephone-event-detector.js';

/** RFC 4733 payload: event, E bit + volume, duration. */
function event(key: number, duration: number, end = false): Uint8Array {
  return Uint8Array.of(key, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff);
}

describe('key presses from RFC 4733 events', () => {
  it('begins a key at its first packet and reports it once, at the first of its three end packets', () => {
    const detector = new TelephoneEventDetector();
    expect(detector.push(1000, event(5, 160), 0)).toEqual({ began: '5', ended: [] });
    expect(detector.push(1000, event(5, 320), 20)).toEqual({ began: null, ended: [] });
    expect(detector.push(1000, event(5, 800, true), 40)).toEqual({
      began: null,
      ended: [{ key: '5', durationMs: 100 }],
    });
    expect(detector.push(1000, event(5, 800, true), 41)).toEqual({ began: null, ended: [] });
    expect(detector.push(1000, event(5, 800, true), 42)).toEqual({ began: null, ended: [] });
    expect(detector.push(2600, event(11, 400, true), 500)).toEqual({
      began: '#',
      ended: [{ key: '#', durationMs: 50 }],
    });
  });

  it('ends a key whose end packets were lost: when the next begins, or after a quiet while', () => {
    const detector = new TelephoneEventDetector(300);
    detector.push(1000, event(1, 160), 0);
    expect(detector.push(3000, event(2, 160), 200)).toEqual({
      began: '2',
      ended: [{ key: '1', durationMs: 20 }],
    });
    expect(detector.expire(400)).toBeNull();
    expect(detector.expire(500)).toEqual({ key: '2', durationMs: 20 });
    expect(detector.expire(900)).toBeNull();
    // A late end packet of a key already reported is not a new key.
    expect(detector.push(3000, event(2, 800, true), 950)).toEqual({ began: null, ended: [] });
  });

  it('ignores a payload too short to be an event', () => {
    expect(new TelephoneEventDetector().push(1, Uint8Array.of(1, 2), 0)).toEqual({ began: null, ended: [] });
  });
});
