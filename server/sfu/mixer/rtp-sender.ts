/**
 * The RTP stream the mixer sends to one participant: its own random SSRC, sequence number and
 * timestamp origin (RFC 3550 section 5.1: "The initial value of the sequence number SHOULD be
 * random (unpredictable)", likewise the timestamp), one packet per 20 ms frame.
 */
import { randomBytes } from 'node:crypto';
import { FRAME_SAMPLES } from './mix-bus.js';
import { writeRtp } from './rtp-packet.js';

export interface RtpSenderStart {
  ssrc: number;
  sequence: number;
  timestamp: number;
}

export function randomRtpStart(): RtpSenderStart {
  const random = randomBytes(10);
  return {
    ssrc: random.readUInt32BE(0),
    sequence: random.readUInt16BE(4),
    timestamp: random.readUInt32BE(6),
  };
}

export class RtpSender {
  readonly ssrc: number;
  private sequence: number;
  private timestamp: number;
  private sentAny = false;

  constructor(
    private readonly payloadType: number,
    start: RtpSenderStart = randomRtpStart(),
  ) {
    this.ssrc = start.ssrc >>> 0;
    this.sequence = start.sequence & 0xffff;
    this.timestamp = start.timestamp >>> 0;
  }

  /**
   * The packet for the next frame. `frames` > 1 after the mixer skipped a stall: the timestamp
   * jumps by the time that passed while the sequence number still counts packets, so the
   * receiver sees a gap in time, not a loss.
   */
  next(payload: Uint8Array, frames = 1): Buffer {
    if (this.sentAny) {
      this.sequence = (this.sequence + 1) & 0xffff;
      this.timestamp = (this.timestamp + frames * FRAME_SAMPLES) >>> 0;
    }
    // RFC 3551 section 4.1: the marker bit marks the first packet of a talkspurt; for a stream that
    // never pauses, that is the first packet.
    const marker = !this.sentAny;
    this.sentAny = true;
    return writeRtp(
      {
        payloadType: this.payloadType,
        marker,
        sequence: this.sequence,
        timestamp: this.timestamp,
        ssrc: this.ssrc,
      },
      payload,
    );
  }
}
