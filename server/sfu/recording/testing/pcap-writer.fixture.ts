/**
 * Synthetic recordings for tests: RTP packets carrying G.711 tones, wrapped in UDP, IPv4 or IPv6
 * and any of the link layers we read, written as classic pcap in either byte order and timestamp
 * precision. The G.711 encoders here are the tests' own, independent of the decoder under test.
 */

export interface Endpoint {
  address: string;
  port: number;
}

export interface CapturedPacket {
  timeUs: number;
  source: Endpoint;
  destination: Endpoint;
  /** The UDP payload (usually an RTP packet). */
  payload: Buffer;
}

export interface PcapFileOptions {
  byteOrder?: 'little' | 'big';
  precision?: 'micro' | 'nano';
  linkType?: number;
}

/** A pcap file holding `packets` as UDP datagrams (IPv4 or IPv6 by their addresses). */
export function buildPcap(packets: readonly CapturedPacket[], options: PcapFileOptions = {}): Buffer {
  const linkType = options.linkType ?? 101;
  const frames = packets.map((packet) => ({
    timeUs: packet.timeUs,
    frame: linkFrame(linkType, ipUdp(packet)),
  }));
  return buildPcapFrames(frames, { ...options, linkType });
}

/** A pcap file holding the given link-layer frames as they are. */
export function buildPcapFrames(
  frames: readonly { timeUs: number; frame: Buffer }[],
  options: PcapFileOptions = {},
): Buffer {
  const little = (options.byteOrder ?? 'little') === 'little';
  const nano = options.precision === 'nano';
  const u32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    if (little) bytes.writeUInt32LE(value >>> 0);
    else bytes.writeUInt32BE(value >>> 0);
    return bytes;
  };
  const u16 = (value: number) => {
    const bytes = Buffer.alloc(2);
    if (little) bytes.writeUInt16LE(value);
    else bytes.writeUInt16BE(value);
    return bytes;
  };
  const parts: Buffer[] = [
    u32(nano ? 0xa1b23c4d : 0xa1b2c3d4),
    u16(2),
    u16(4),
    u32(0),
    u32(0),
    u32(65535),
    u32(options.linkType ?? 101),
  ];
  for (const { timeUs, frame } of frames) {
    const seconds = Math.floor(timeUs / 1_000_000);
    const micros = timeUs - seconds * 1_000_000;
    parts.push(u32(seconds), u32(nano ? Math.round(micros * 1000) : Math.round(micros)));
    parts.push(u32(frame.length), u32(frame.length), frame);
  }
  return Buffer.concat(parts);
}

export function linkFrame(linkType: number, ip: Buffer): Buffer {
  const v6 = ip[0]! >> 4 === 6;
  const etherType = Buffer.from(v6 ? [0x86, 0xdd] : [0x08, 0x00]);
  switch (linkType) {
    case 1: // Ethernet with one 802.1Q tag, as a switch mirror port might capture
      return Buffer.concat([Buffer.alloc(12, 0x02), Buffer.from([0x81, 0x00, 0x00, 0x05]), etherType, ip]);
    case 113: // Linux cooked: packet type, ARPHRD, address length, 8 address bytes, protocol
      return Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 6]), Buffer.alloc(8, 0x0a), etherType, ip]);
    case 276: // Linux cooked v2: protocol, reserved, ifindex, ARPHRD, packet type, address length, address
      return Buffer.concat([
        etherType,
        Buffer.alloc(2),
        Buffer.from([0, 0, 0, 1, 0, 1, 0, 6]),
        Buffer.alloc(8),
        ip,
      ]);
    case 0: {
      const family = Buffer.alloc(4);
      family.writeUInt32LE(v6 ? 30 : 2);
      return Buffer.concat([family, ip]);
    }
    default:
      return ip;
  }
}

/** IPv4 (or IPv6 when the addresses contain ':') + UDP around the packet's payload. */
export function ipUdp(packet: Omit<CapturedPacket, 'timeUs'>): Buffer {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(packet.source.port, 0);
  udp.writeUInt16BE(packet.destination.port, 2);
  udp.writeUInt16BE(8 + packet.payload.length, 4);
  const segment = Buffer.concat([udp, packet.payload]);
  if (packet.source.address.includes(':')) {
    const ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(segment.length, 4);
    ip[6] = 17;
    ip[7] = 64;
    ipv6Bytes(packet.source.address).copy(ip, 8);
    ipv6Bytes(packet.destination.address).copy(ip, 24);
    return Buffer.concat([ip, segment]);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + segment.length, 2);
  ip[8] = 64;
  ip[9] = 17;
  Buffer.from(packet.source.address.split('.').map(Number)).copy(ip, 12);
  Buffer.from(packet.destination.address.split('.').map(Number)).copy(ip, 16);
  return Buffer.concat([ip, segment]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...(address.includes('::') ? zeros : []), ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

export interface RtpFields {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
  marker?: boolean;
  csrcs?: readonly number[];
  /** Header extension words (RFC 3550 5.3.1), after a profile id of 0xbede. */
  extensionWords?: number;
  padding?: number;
}

export function rtpPacket(fields: RtpFields): Buffer {
  const csrcs = fields.csrcs ?? [];
  const header = Buffer.alloc(12 + 4 * csrcs.length);
  header[0] =
    0x80 | (fields.padding ? 0x20 : 0) | (fields.extensionWords !== undefined ? 0x10 : 0) | csrcs.length;
  header[1] = (fields.marker ? 0x80 : 0) | fields.payloadType;
  header.writeUInt16BE(fields.sequence & 0xffff, 2);
  header.writeUInt32BE(fields.timestamp >>> 0, 4);
  header.writeUInt32BE(fields.ssrc >>> 0, 8);
  csrcs.forEach((csrc, index) => header.writeUInt32BE(csrc, 12 + 4 * index));
  const parts: Buffer[] = [header];
  if (fields.extensionWords !== undefined) {
    const extension = Buffer.alloc(4 + 4 * fields.extensionWords, 0x77);
    extension.writeUInt16BE(0xbede, 0);
    extension.writeUInt16BE(fields.extensionWords, 2);
    parts.push(extension);
  }
  parts.push(fields.payload);
  if (fields.padding) {
    const padding = Buffer.alloc(fields.padding, 0xee);
    padding[fields.padding - 1] = fields.padding;
    parts.push(padding);
  }
  return Buffer.concat(parts);
}

/** ITU-T G.711 µ-law encoding of one 16-bit sample (biased, segment search, inverted). */
export function encodeMulaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
  let segment = 7;
  while (segment > 0 && (magnitude & (0x4000 >> (7 - segment))) === 0) segment -= 1;
  return ~(sign | (segment << 4) | ((magnitude >> (segment + 3)) & 0x0f)) & 0xff;
}

/** ITU-T G.711 A-law encoding of one 16-bit sample (13-bit magnitude, even bits toggled). */
export function encodeAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32767) >> 3;
  let segment = 0;
  while (segment < 7 && magnitude >= 32 << segment) segment += 1;
  const step = segment === 0 ? magnitude >> 1 : (magnitude >> segment) & 0x0f;
  return (sign | (segment << 4) | step) ^ 0x55;
}
