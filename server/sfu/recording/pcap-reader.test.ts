/**
 * The pcap reader on files we build byte by byte: both byte orders and timestamp precisions,
 * every link layer we claim to read, records across chunk boundaries, and every kind of bad file
 * ending in a typed PcapError (never anything else, whatever the bytes).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PcapError,
  PcapFormatError,
  PcapIoError,
  PcapReader,
  PcapTruncatedError,
  PcapUnsupportedError,
  type PcapRecord,
} from './pcap-reader.js';
import { buildPcap, buildPcapFrames, ipUdp, type CapturedPacket } from './testing/pcap-writer.fixture.js';
import { decodeUdp, LinkType } from './udp-decode.js';

const directory = mkdtempSync(join(tmpdir(), 'tandem-pcap-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let fileCount = 0;

function file(bytes: Buffer): string {
  const path = join(directory, `test-${(fileCount += 1)}.pcap`);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string): Promise<PcapRecord[]> {
  const reader = await PcapReader.open(path);
  try {
    const records: PcapRecord[] = [];
    for await (const record of reader.records()) records.push(record);
    return records;
  } finally {
    await reader.close();
  }
}

async function failure(path: string): Promise<unknown> {
  return readAll(path).then(
    () => null,
    (error: unknown) => error,
  );
}

const caller = { address: '192.0.2.10', port: 40000 };
const rtpengine = { address: '127.0.0.1', port: 20000 };
const packets: CapturedPacket[] = [
  { timeUs: 1_795_554_235_027_632, source: caller, destination: rtpengine, payload: Buffer.from('first') },
  { timeUs: 1_795_554_235_048_555, source: rtpengine, destination: caller, payload: Buffer.from('second') },
];

describe('pcap reader', () => {
  it('reads what rtpengine writes: little-endian, microseconds, raw IPv4', async () => {
    const reader = await PcapReader.open(file(buildPcap(packets)));
    expect(reader.header).toEqual({
      byteOrder: 'little',
      precision: 'micro',
      versionMajor: 2,
      versionMinor: 4,
      snapLength: 65535,
      linkType: LinkType.Raw,
    });
    await reader.close();
    await reader.close();
    const records = await readAll(reader.path);
    expect(records.map((record) => [record.index, record.timeUs])).toEqual([
      [0, 1_795_554_235_027_632],
      [1, 1_795_554_235_048_555],
    ]);
    expect(decodeUdp(LinkType.Raw, records[0]!.data)).toEqual({
      source: caller,
      destination: rtpengine,
      payload: Buffer.from('first'),
    });
  });

  it('reads big-endian files and nanosecond timestamps alike', async () => {
    const nano = { ...packets[0]!, timeUs: 1_795_554_235_027_632.25 };
    for (const byteOrder of ['little', 'big'] as const) {
      const path = file(buildPcap([nano], { byteOrder, precision: 'nano' }));
      const reader = await PcapReader.open(path);
      expect(reader.header).toMatchObject({ byteOrder, precision: 'nano' });
      await reader.close();
      const [record] = await readAll(path);
      expect(record!.timeUs).toBeCloseTo(1_795_554_235_027_632.25, 2);
    }
  });

  it.each([
    ['Ethernet with a VLAN tag', LinkType.Ethernet],
    ['Linux cooked', LinkType.LinuxSll],
    ['Linux cooked v2', LinkType.LinuxSll2],
    ['BSD loopback', LinkType.Null],
    ['raw', LinkType.Raw],
  ])('decodes UDP over IPv4 and IPv6 behind %s', async (_name, linkType) => {
    const v6 = {
      ...packets[0]!,
      source: { address: '2001:db8::10', port: 40000 },
      destination: { address: '::1', port: 20000 },
    };
    const records = await readAll(file(buildPcap([packets[0]!, v6], { linkType })));
    expect(records.map((record) => decodeUdp(linkType, record.data))).toEqual([
      { source: caller, destination: rtpengine, payload: Buffer.from('first') },
      { source: v6.source, destination: v6.destination, payload: Buffer.from('first') },
    ]);
  });

  it('skips IPv6 extension headers and decodes the link types named after the IP version', () => {
    const plain = ipUdp({ ...packets[0]!, source: { address: 'fe80::1:2', port: 1 } });
    // Insert an 8-byte hop-by-hop header (next header 17) after the fixed IPv6 header.
    const hopByHop = Buffer.from([17, 0, 0, 0, 0, 0, 0, 0]);
    const withOption = Buffer.concat([plain.subarray(0, 40), hopByHop, plain.subarray(40)]);
    withOption[6] = 0;
    withOption.writeUInt16BE(plain.length - 40 + 8, 4);
    expect(decodeUdp(LinkType.Ipv6, withOption)?.source).toEqual({ address: 'fe80::1:2', port: 1 });
    expect(decodeUdp(LinkType.Ipv4, ipUdp(packets[0]!))?.payload.toString()).toBe('first');
  });

  it('decodes nothing but complete UDP datagrams', () => {
    const udp = ipUdp(packets[0]!);
    const tcp = Buffer.from(udp);
    tcp[9] = 6;
    const fragment = Buffer.from(udp);
    fragment.writeUInt16BE(0x2000, 6); // more fragments
    const cut = udp.subarray(0, udp.length - 2); // snapshot length shorter than the packet
    const arp = Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x06]), Buffer.alloc(28)]);
    expect(decodeUdp(LinkType.Raw, tcp)).toBeNull();
    expect(decodeUdp(LinkType.Raw, fragment)).toBeNull();
    expect(decodeUdp(LinkType.Raw, cut)).toBeNull();
    expect(decodeUdp(LinkType.Ethernet, arp)).toBeNull();
    expect(decodeUdp(LinkType.Raw, Buffer.alloc(0))).toBeNull();
    expect(decodeUdp(LinkType.Null, Buffer.from([2, 0]))).toBeNull();
  });

  it('reads records that straddle its read chunks, in bounded pieces', async () => {
    const many = Array.from({ length: 3000 }, (_, index) => ({
      ...packets[0]!,
      timeUs: packets[0]!.timeUs + index * 20_000,
      payload: Buffer.alloc(172, index & 0xff),
    }));
    const records = await readAll(file(buildPcap(many)));
    expect(records).toHaveLength(3000);
    expect(
      records.every((record, index) => decodeUdp(LinkType.Raw, record.data)?.payload[0] === (index & 0xff)),
    ).toBe(true);
  });

  it('rejects files that are not classic pcap with a typed error', async () => {
    const pcapng = Buffer.from('0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000', 'hex');
    expect(await failure(file(pcapng))).toBeInstanceOf(PcapUnsupportedError);
    const linkTypeUnknown = buildPcapFrames([], { linkType: 147 });
    expect(await failure(file(linkTypeUnknown))).toBeInstanceOf(PcapUnsupportedError);
    const text = await failure(file(Buffer.from('this is a text file, not a capture at all')));
    expect(text).toBeInstanceOf(PcapFormatError);
    expect((text as PcapFormatError).message).toMatch(/not a pcap file/);
    const version = buildPcap(packets);
    version.writeUInt16LE(3, 4);
    expect(await failure(file(version))).toBeInstanceOf(PcapFormatError);
    expect(await failure(join(directory, 'missing.pcap'))).toBeInstanceOf(PcapIoError);
    expect(await failure(directory)).toBeInstanceOf(PcapIoError);
  });

  it('yields the complete records of a cut file, then says where it was cut', async () => {
    const whole = buildPcap(packets);
    const reader = await PcapReader.open(file(whole.subarray(0, whole.length - 3)));
    const seen: number[] = [];
    const error = await (async () => {
      for await (const record of reader.records()) seen.push(record.index);
    })().catch((caught: unknown) => caught);
    await reader.close();
    expect(seen).toEqual([0]);
    expect(error).toBeInstanceOf(PcapTruncatedError);
    expect((error as PcapTruncatedError).recordsRead).toBe(1);
    expect(await failure(file(whole.subarray(0, 30)))).toBeInstanceOf(PcapTruncatedError);
    expect(await failure(file(whole.subarray(0, 10)))).toBeInstanceOf(PcapTruncatedError);
    expect(await readAll(file(whole.subarray(0, 24)))).toEqual([]);
  });

  it('refuses record headers no capture could have written', async () => {
    const huge = buildPcap(packets);
    huge.writeUInt32LE(10_000_000, 24 + 8);
    expect(await failure(file(huge))).toBeInstanceOf(PcapFormatError);
    const badMicros = buildPcap(packets);
    badMicros.writeUInt32LE(1_000_000, 24 + 4);
    expect(await failure(file(badMicros))).toBeInstanceOf(PcapFormatError);
  });

  it('fails only with a PcapError, whatever the bytes (property)', async () => {
    const valid = buildPcap(packets, { linkType: LinkType.Ethernet });
    const damaged = fc
      .tuple(
        fc.nat(valid.length),
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }))),
      )
      .map(([cut, flips]) => {
        const bytes = Buffer.from(valid.subarray(0, cut));
        for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
        return bytes;
      });
    const anything = fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes));
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged, anything), async (bytes) => {
        const path = file(bytes);
        const outcome = await failure(path);
        if (outcome !== null) expect(outcome).toBeInstanceOf(PcapError);
        else for (const record of await readAll(path)) decodeUdp(LinkType.Ethernet, record.data);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes any frame to a datagram or null, never an exception (property)', () => {
    const linkTypes = fc.constantFrom(...Object.values(LinkType));
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes)),
      fc.tuple(fc.nat(60), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, noise]) => {
        const bytes = Buffer.from(ipUdp({ ...packets[0]!, source: { address: '2001:db8::1', port: 5 } }));
        bytes.set(noise.subarray(0, Math.max(0, bytes.length - at)), Math.min(at, bytes.length));
        return bytes;
      }),
    );
    fc.assert(
      fc.property(linkTypes, frame, (linkType, bytes) => {
        const datagram = decodeUdp(linkType, bytes);
        if (datagram) expect(datagram.payload.length).toBeLessThan(bytes.length);
      }),
      { numRuns: 2000 },
    );
  });
});
