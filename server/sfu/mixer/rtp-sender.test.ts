import { describe, expect, it } from 'vitest';
import { parseRtp } from './rtp-packet.js';
import { RtpSender, randomRtpStart } from './rtp-sender.js';

describe('RTP sender', () => {
  it('counts sequence and timestamp on from its start, wrapping around, marker on the first packet', () => {
    const sender = new RtpSender(8, { ssrc: 0xcafe, sequence: 65535, timestamp: 0xffffffa0 });
    const payload = new Uint8Array(160);
    const packets = [sender.next(payload), sender.next(payload), sender.next(payload, 5)].map((data) =>
      parseRtp(data),
    );
    expect(packets.map((packet) => packet?.sequence)).toEqual([65535, 0, 1]);
    expect(packets.map((packet) => packet?.timestamp)).toEqual([0xffffffa0, 64, 864]);
    expect(packets.map((packet) => packet?.marker)).toEqual([true, false, false]);
    expect(new Set(packets.map((packet) => packet?.ssrc))).toEqual(new Set([0xcafe]));
    expect(packets.every((packet) => packet?.payloadType === 8)).toBe(true);
  });

  it('starts each stream somewhere unpredictable', () => {
    const starts = Array.from({ length: 4 }, randomRtpStart);
    expect(new Set(starts.map((start) => start.ssrc)).size).toBe(4);
  });
});
