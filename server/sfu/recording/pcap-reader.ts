/**
 * A streaming reader for classic pcap files (libpcap "savefile" format), enough for rtpengine's
 * recordings and for captures made with tcpdump. It reads the file in small chunks, so memory stays
 * bounded whatever the file's size, and it reports every problem as a PcapError subclass: a
 * truncated or garbage file, or a failing disk, never escapes as a RangeError or a raw fs error.
 *
 * pcapng (the format Wireshark writes by default) is recognised and refused as unsupported:
 * rtpengine 10.5 writes classic pcap only (see recording-mixdown.ts).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { LinkType } from './udp-decode.js';

export class PcapError extends Error {
  override name = 'PcapError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${message}`, options);
  }
}

/** The file could not be opened or read. */
export class PcapIoError extends PcapError {
  override name = 'PcapIoError';
}

/** The bytes are not a pcap file, or a record header makes no sense. */
export class PcapFormatError extends PcapError {
  override name = 'PcapFormatError';
  constructor(
    message: string,
    path: string,
    /** Byte offset of the header or record at fault. */
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`, path);
  }
}

/** The file ends inside its header or inside a record (a writer that died mid-write). */
export class PcapTruncatedError extends PcapError {
  override name = 'PcapTruncatedError';
  constructor(
    path: string,
    /** Complete records read before the cut. */
    readonly recordsRead: number,
  ) {
    super(`file ends inside a record after ${recordsRead} complete records`, path);
  }
}

/** A valid capture we do not read: pcapng, or a link type we do not decode. */
export class PcapUnsupportedError extends PcapError {
  override name = 'PcapUnsupportedError';
}

export interface PcapHeader {
  byteOrder: 'little' | 'big';
  /** Sub-second part of record timestamps. */
  precision: 'micro' | 'nano';
  versionMajor: number;
  versionMinor: number;
  snapLength: number;
  linkType: LinkType;
}

export interface PcapRecord {
  /** 0-based position in the file. */
  index: number;
  /** Capture time in microseconds since the Unix epoch (fractional for nanosecond files). */
  timeUs: number;
  /** The captured bytes, starting with the link-layer header. Safe to keep. */
  data: Buffer;
  /** Length of the packet on the wire; more than data.length when the snapshot length cut it. */
  originalLength: number;
}

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const CHUNK_BYTES = 64 * 1024;
/** libpcap's own ceiling for a record (MAXIMUM_SNAPLEN): anything larger is garbage. */
const MAX_RECORD_BYTES = 262_144;
const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;

/** Those udp-decode.ts reads; rtpengine writes RAW (its default) or ETHERNET (`--recording-format=eth`). */
const SUPPORTED_LINK_TYPES: ReadonlySet<number> = new Set(Object.values(LinkType));

export class PcapReader {
  private pending: Buffer;
  /** File offset of pending[0]. */
  private pendingOffset: number;
  private endOfFile = false;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    readonly header: PcapHeader,
    rest: Buffer,
    restOffset: number,
  ) {
    this.pending = rest;
    this.pendingOffset = restOffset;
  }

  /** Opens a file and reads its global header. Rejects only with a PcapError. */
  static async open(path: string): Promise<PcapReader> {
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch (error) {
      throw new PcapIoError('cannot open', path, { cause: error });
    }
    try {
      const first = await readChunk(file, path, 0);
      if (first.length < FILE_HEADER_BYTES) {
        if (first.length >= 4 && first.readUInt32BE(0) === PCAPNG_SECTION_HEADER) {
          throw new PcapUnsupportedError('pcapng is not supported', path);
        }
        throw new PcapTruncatedError(path, 0);
      }
      const header = parseFileHeader(first, path);
      return new PcapReader(path, file, header, first.subarray(FILE_HEADER_BYTES), FILE_HEADER_BYTES);
    } catch (error) {
      await file.close().catch(() => {});
      throw error;
    }
  }

  /**
   * The records in file order. Throws PcapTruncatedError when the file ends inside a record (the
   * records before it have been yielded) and PcapFormatError on a record header that makes no sense.
   */
  async *records(): AsyncGenerator<PcapRecord, void, undefined> {
    const little = this.header.byteOrder === 'little';
    const subSecond = this.header.precision === 'nano' ? 1_000_000_000 : 1_000_000;
    for (let index = 0; ; index += 1) {
      if (!(await this.fill(RECORD_HEADER_BYTES))) {
        if (this.pending.length === 0) return;
        throw new PcapTruncatedError(this.path, index);
      }
      const at = this.pendingOffset;
      const head = this.pending;
      const seconds = little ? head.readUInt32LE(0) : head.readUInt32BE(0);
      const fraction = little ? head.readUInt32LE(4) : head.readUInt32BE(4);
      const captured = little ? head.readUInt32LE(8) : head.readUInt32BE(8);
      const original = little ? head.readUInt32LE(12) : head.readUInt32BE(12);
      if (fraction >= subSecond)
        throw new PcapFormatError('sub-second timestamp out of range', this.path, at);
      if (captured > MAX_RECORD_BYTES) {
        throw new PcapFormatError(`record of ${captured} bytes is larger than any capture`, this.path, at);
      }
      if (!(await this.fill(RECORD_HEADER_BYTES + captured))) throw new PcapTruncatedError(this.path, index);
      const data = this.take(RECORD_HEADER_BYTES + captured).subarray(RECORD_HEADER_BYTES);
      const timeUs = seconds * 1_000_000 + (subSecond === 1_000_000 ? fraction : fraction / 1000);
      yield { index, timeUs, data, originalLength: Math.max(original, captured) };
    }
  }

  /** Idempotent; never rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close().catch(() => {});
  }

  /** Makes `bytes` bytes available in `pending`; false if the file ends first. */
  private async fill(bytes: number): Promise<boolean> {
    while (this.pending.length < bytes && !this.endOfFile) {
      const chunk = await readChunk(this.file, this.path, this.pendingOffset + this.pending.length);
      if (chunk.length === 0) this.endOfFile = true;
      else this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    }
    return this.pending.length >= bytes;
  }

  private take(bytes: number): Buffer {
    const taken = this.pending.subarray(0, bytes);
    this.pending = this.pending.subarray(bytes);
    this.pendingOffset += bytes;
    return taken;
  }
}

async function readChunk(file: FileHandle, path: string, position: number): Promise<Buffer> {
  // A fresh buffer per read: records handed out as subarrays stay valid after later reads.
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, position);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw new PcapIoError(`cannot read at byte ${position}`, path, { cause: error });
  }
}

/**
 * pcap-savefile(5): "a 4-byte magic number, with the value 0xa1b2c3d4 [...] read by a host with
 * the opposite byte order [...] 0xd4c3b2a1"; 0xa1b23c4d means nanosecond timestamps. The link
 * type's upper bits carry FCS information: only its low 16 bits name the link-layer header.
 */
function parseFileHeader(bytes: Buffer, path: string): PcapHeader {
  const magic = bytes.readUInt32BE(0);
  if (magic === PCAPNG_SECTION_HEADER) throw new PcapUnsupportedError('pcapng is not supported', path);
  const formats: Record<number, Pick<PcapHeader, 'byteOrder' | 'precision'>> = {
    0xa1b2c3d4: { byteOrder: 'big', precision: 'micro' },
    0xd4c3b2a1: { byteOrder: 'little', precision: 'micro' },
    0xa1b23c4d: { byteOrder: 'big', precision: 'nano' },
    0x4d3cb2a1: { byteOrder: 'little', precision: 'nano' },
  };
  const format = formats[magic];
  if (!format) throw new PcapFormatError(`not a pcap file (magic 0x${magic.toString(16)})`, path, 0);
  const little = format.byteOrder === 'little';
  const u16 = (offset: number) => (little ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset));
  const u32 = (offset: number) => (little ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  const versionMajor = u16(4);
  if (versionMajor !== 2) throw new PcapFormatError(`unknown pcap version ${versionMajor}`, path, 4);
  const linkType = u32(20) & 0xffff;
  if (!SUPPORTED_LINK_TYPES.has(linkType)) {
    throw new PcapUnsupportedError(`link type ${linkType} is not supported`, path);
  }
  return {
    ...format,
    versionMajor,
    versionMinor: u16(6),
    snapLength: u32(16),
    linkType: linkType as LinkType,
  };
}
