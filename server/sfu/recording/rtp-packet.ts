/**
 * The RTP fixed header (RFC 3550 section 5.1), with its CSRC list, header extension and padding
 * taken off the payload. RTCP sharing the port (RFC 5761) and anything that is not RTP version 2
 * parse to null.
 */

export interface RtpHeader {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** The media bytes: after CSRCs and extension, before padding. */
  payload: Buffer;
}

const FIXED_HEADER_BYTES = 12;

export function parseRtp(packet: Buffer): RtpHeader | null {
  if (packet.length < FIXED_HEADER_BYTES) return null;
  const first = packet[0]!;
  const second = packet[1]!;
  // RFC 3550 5.1: "version (V): 2 bits [...] The version defined by this specification is two (2)."
  if (first >> 6 !== 2) return null;
  // RFC 5761 section 4: RTCP packet types 192-223 in the second octet (RTP payload types 64-95 with
  // the marker bit) mean RTCP sharing the port.
  if (second >= 192 && second <= 223) return null;
  let start = FIXED_HEADER_BYTES + 4 * (first & 0x0f);
  // RFC 3550 5.3.1: "a 16-bit length field that counts the number of 32-bit words in the extension".
  if (first & 0x10) {
    if (packet.length < start + 4) return null;
    start += 4 + 4 * packet.readUInt16BE(start + 2);
  }
  let end = packet.length;
  // RFC 3550 5.1: "The last octet of the padding contains a count of how many padding octets
  // should be ignored, including itself."
  if (first & 0x20) {
    const padding = packet[packet.length - 1]!;
    if (padding === 0) return null;
    end -= padding;
  }
  if (start > end) return null;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payload: packet.subarray(start, end),
  };
}
