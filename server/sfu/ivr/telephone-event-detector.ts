/**
 * Key presses from RFC 4733 telephone-event packets, each reported once.
 *
 * RFC 4733 2.5.1: every packet of one event carries the same RTP timestamp, the event's start, and
 * a growing duration; 2.5.1.4: the final packet has the E bit and "SHOULD be retransmitted" (three
 * times in practice). So a key begins with the first packet of a new timestamp (a barge-in stops
 * a prompt there, at once), and ends with its first E packet; repeats of the end are dropped. When
 * every end packet was lost, the key still ends: when the next key begins, or after `quietMs`
 * without a packet of it (`expire`). Timestamps of keys already reported are remembered for a
 * while, so a late retransmission is not taken for a new key.
 */
import { parseTelephoneEvent, telephoneEventName } from '../mixer/rtp-packet.js';

const SAMPLE_RATE = 8000;
const REMEMBERED = 16;

export interface KeyPress {
  readonly key: string;
  readonly durationMs: number;
}

export interface DetectorOutcome {
  /** A key went down (first packet of an event): a barge-in. */
  readonly began: string | null;
  /** Keys that ended with this packet: at most two (a lost end, then this one). */
  readonly ended: readonly KeyPress[];
}

interface Pressing {
  readonly timestamp: number;
  readonly key: string;
  duration: number;
  lastSeenMs: number;
}

const NOTHING: DetectorOutcome = { began: null, ended: [] };

export class TelephoneEventDetector {
  private pressing: Pressing | null = null;
  private readonly reported: number[] = [];

  constructor(private readonly quietMs = 300) {}

  /** One telephone-event packet: its RTP timestamp and payload, and when it came (ms). */
  push(timestamp: number, payload: Uint8Array, nowMs: number): DetectorOutcome {
    const event = parseTelephoneEvent(payload);
    if (!event || this.reported.includes(timestamp)) return NOTHING;
    const ended: KeyPress[] = [];
    let began: string | null = null;
    let pressing = this.pressing;
    if (pressing?.timestamp !== timestamp) {
      if (pressing) ended.push(this.finish(pressing));
      pressing = { timestamp, key: telephoneEventName(event.event), duration: 0, lastSeenMs: nowMs };
      this.pressing = pressing;
      began = pressing.key;
    }
    pressing.duration = Math.max(pressing.duration, event.duration);
    pressing.lastSeenMs = nowMs;
    if (event.end) ended.push(this.finish(pressing));
    return ended.length === 0 && began === null ? NOTHING : { began, ended };
  }

  /** Ends a key whose end packets never came; call it now and then (every frame is fine). */
  expire(nowMs: number): KeyPress | null {
    const pressing = this.pressing;
    if (!pressing || nowMs - pressing.lastSeenMs < this.quietMs) return null;
    return this.finish(pressing);
  }

  private finish(pressing: Pressing): KeyPress {
    this.pressing = null;
    this.reported.push(pressing.timestamp);
    if (this.reported.length > REMEMBERED) this.reported.shift();
    return { key: pressing.key, durationMs: (pressing.duration * 1000) / SAMPLE_RATE };
  }
}
