/**
 * From a captured frame to its UDP datagram: the link-layer headers rtpengine and tcpdump write,
 * then IPv4 or IPv6, then UDP. Anything else (ARP, TCP, IP fragments, frames cut short by the
 * snapshot length, garbage) decodes to null: a recording is only its UDP datagrams.
 */

/** tcpdump.org link-layer header types (LINKTYPE_*), the ones we decode. */
export const LinkType = {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  Null: 0,
  Ethernet: 1,
  /** Raw IP, version in the first nibble: what rtpengine writes by default (`--recording-format=raw`). */
  Raw: 101,
  /** Linux "cooked" capture (tcpdump -i any), 16-byte header. */
  LinuxSll: 113,
  Ipv4: 228,
  Ipv6: 229,
  /** Linux cooked capture v2, 20-byte header. */
  LinuxSll2: 276,
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];

export interface UdpEndpoint {
  address: string;
  port: number;
}

export interface UdpDatagram {
  source: UdpEndpoint;
  destination: UdpEndpoint;
  payload: Buffer;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = [0x8100, 0x88a8];
const IP_PROTOCOL_UDP = 17;
/** Hop-by-hop, routing, destination options: skipped to reach the transport header. */
const IPV6_SKIPPABLE = new Set([0, 43, 60]);
const IPV6_AUTHENTICATION = 51;

export function decodeUdp(linkType: LinkType, frame: Buffer): UdpDatagram | null {
  const ip = ipPacket(linkType, frame);
  if (!ip) return null;
  const version = ip.length > 0 ? ip[0]! >> 4 : 0;
  if (version === 4) return decodeIpv4(ip);
  if (version === 6) return decodeIpv6(ip);
  return null;
}

/** The IP packet inside a frame, or null when the frame carries something else. */
function ipPacket(linkType: LinkType, frame: Buffer): Buffer | null {
  switch (linkType) {
    case LinkType.Raw:
    case LinkType.Ipv4:
    case LinkType.Ipv6:
      return frame;
    case LinkType.Ethernet: {
      let offset = 12;
      for (let tags = 0; tags < 2 && frame.length >= offset + 2; tags += 1) {
        if (!ETHERTYPE_VLAN.includes(frame.readUInt16BE(offset))) break;
        offset += 4;
      }
      return byEtherType(frame, offset);
    }
    case LinkType.LinuxSll:
      return byEtherType(frame, 14, 16);
    case LinkType.LinuxSll2:
      return byEtherType(frame, 0, 20);
    case LinkType.Null: {
      if (frame.length < 4) return null;
      const family = frame.readUInt32LE(0) < 256 ? frame.readUInt32LE(0) : frame.readUInt32BE(0);
      // AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD.
      return family === 2 || family === 24 || family === 28 || family === 30 ? frame.subarray(4) : null;
    }
  }
}

function byEtherType(frame: Buffer, typeOffset: number, payloadOffset = typeOffset + 2): Buffer | null {
  if (frame.length < Math.max(typeOffset + 2, payloadOffset)) return null;
  const type = frame.readUInt16BE(typeOffset);
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? frame.subarray(payloadOffset) : null;
}

/** RFC 791 section 3.1. */
function decodeIpv4(ip: Buffer): UdpDatagram | null {
  if (ip.length < 20) return null;
  const headerLength = (ip[0]! & 0x0f) * 4;
  const totalLength = ip.readUInt16BE(2);
  if (headerLength < 20 || totalLength < headerLength || totalLength > ip.length) return null;
  // "More Fragments" set or a non-zero fragment offset: one piece of a datagram, not a datagram.
  if ((ip.readUInt16BE(6) & 0x3fff) !== 0 || ip[9] !== IP_PROTOCOL_UDP) return null;
  const source = formatIpv4(ip.subarray(12, 16));
  const destination = formatIpv4(ip.subarray(16, 20));
  return decodeUdpHeader(ip.subarray(headerLength, totalLength), source, destination);
}

/** RFC 8200 sections 3 and 4. */
function decodeIpv6(ip: Buffer): UdpDatagram | null {
  if (ip.length < 40) return null;
  const end = 40 + ip.readUInt16BE(4);
  if (end > ip.length) return null;
  let next = ip[6]!;
  let offset = 40;
  for (let hops = 0; hops < 8 && next !== IP_PROTOCOL_UDP; hops += 1) {
    if (offset + 2 > end) return null;
    if (IPV6_SKIPPABLE.has(next)) {
      const length = (ip[offset + 1]! + 1) * 8;
      next = ip[offset]!;
      offset += length;
    } else if (next === IPV6_AUTHENTICATION) {
      const length = (ip[offset + 1]! + 2) * 4;
      next = ip[offset]!;
      offset += length;
    } else {
      return null; // a fragment (44), another transport, or no next header (59)
    }
  }
  if (next !== IP_PROTOCOL_UDP || offset > end) return null;
  return decodeUdpHeader(
    ip.subarray(offset, end),
    formatIpv6(ip.subarray(8, 24)),
    formatIpv6(ip.subarray(24, 40)),
  );
}

/** RFC 768: source port, destination port, length (header included), checksum. */
function decodeUdpHeader(udp: Buffer, source: string, destination: string): UdpDatagram | null {
  if (udp.length < 8) return null;
  const length = udp.readUInt16BE(4);
  if (length < 8 || length > udp.length) return null;
  return {
    source: { address: source, port: udp.readUInt16BE(0) },
    destination: { address: destination, port: udp.readUInt16BE(2) },
    payload: udp.subarray(8, length),
  };
}

function formatIpv4(bytes: Buffer): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** RFC 5952 section 4: lower case, no leading zeros, the longest run of zero groups (2 or more) as "::". */
function formatIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(index * 2));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const text = groups.map((group) => group.toString(16));
  if (bestStart < 0) return text.join(':');
  const head = text.slice(0, bestStart).join(':');
  const tail = text.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
