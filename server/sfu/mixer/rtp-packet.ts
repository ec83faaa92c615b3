/**
 * The RTP fixed header (RFC 3550 section 5.1) and the RFC 4733 telephone-event payload: just what
 * the mixer reads and writes. RTCP arriving on the same port (RFC 5761 multiplexing) is told apart
 * by its packet type and ignored.
 */

export interface RtpHeader {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
}

export interface RtpPacket extends RtpHeader {
  payload: Buffer;
}

const FIXED_HEADER_LENGTH = 12;
const RTP_VERSION = 2;

/** RFC 5761 section 4: "if it is 192 to 223 ... the packet is RTCP". */
export function isRtcp(data: Buffer): boolean {
  const packetType = data[1];
  return data.length >= 2 && packetType !== undefined && packetType >= 192 && packetType <= 223;
}

/** The packet's header and payload, or null for RTCP, another version, or a truncated packet. */
export function parseRtp(data: Buffer): RtpPacket | null {
  if (data.length < FIXED_HEADER_LENGTH || data[0]! >> 6 !== RTP_VERSION || isRtcp(data)) return null;
  const first = data[0]!;
  let offset = FIXED_HEADER_LENGTH + 4 * (first & 0x0f); // CSRC list
  // RFC 3550 5.3.1: "the first 16 bits of the header extension are left open ... followed by a
  // 16-bit length field that counts the number of 32-bit words in the extension".
  if (first & 0x10) {
    if (data.length < offset + 4) return null;
    offset += 4 + 4 * data.readUInt16BE(offset + 2);
  }
  let end = data.length;
  // RFC 3550 5.1: "The last octet of the padding contains a count of how many padding octets
  // should be ignored, including itself."
  if (first & 0x20) end -= data[data.length - 1]!;
  if (end < offset) return null;
  return {
    payloadType: data[1]! & 0x7f,
    marker: (data[1]! & 0x80) !== 0,
    sequence: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    ssrc: data.readUInt32BE(8),
    payload: data.subarray(offset, end),
  };
}

/** A version 2 packet with no padding, extension or CSRCs. */
export function writeRtp(header: RtpHeader, payload: Uint8Array): Buffer {
  const packet = Buffer.allocUnsafe(FIXED_HEADER_LENGTH + payload.length);
  packet[0] = RTP_VERSION << 6;
  packet[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  packet.writeUInt16BE(header.sequence & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
  packet.set(payload, FIXED_HEADER_LENGTH);
  return packet;
}

/** One RFC 4733 named event as carried in an RTP packet. */
export interface TelephoneEvent {
  /** RFC 4733 section 3.2: 0-9, 10 '*', 11 '#', 12-15 'A'-'D', 16 flash. */
  event: number;
  /** The E bit: this packet reports the end of the event (sent three times). */
  end: boolean;
  /** Power level in -dBm0 (0 to 63). */
  volume: number;
  /** In timestamp units (1/8000 s for an 8 kHz stream), from the event's start. */
  duration: number;
}

/**
 * RFC 4733 section 2.3:
 *   |     event     |E|R| volume    |          duration             |
 */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < 4) return null;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

const DTMF_NAMES = '0123456789*#ABCD';

/** The key for a DTMF event (RFC 4733 table 7), `flash` for 16, or the event's number. */
export function telephoneEventName(event: number): string {
  return DTMF_NAMES[event] ?? (event === 16 ? 'flash' : String(event));
}
