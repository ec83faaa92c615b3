/**
 * A WAV file (RIFF, PCM 16-bit) written as it streams in and published atomically: the data goes
 * to a hidden temporary file beside the target, the header's sizes are filled in at the end, the
 * file is flushed to disk and only then renamed over the target. A reader never sees half a
 * recording; a failure leaves no temporary file behind.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WavFormat {
  sampleRate: number;
  channels: number;
}

const HEADER_BYTES = 44;
/** A RIFF size field is 32 bits: the data chunk must leave room for the header. */
const MAX_DATA_BYTES = 0xffffffff - HEADER_BYTES;

export class WavFileWriter {
  private dataBytes = 0;
  private done = false;

  private constructor(
    readonly target: string,
    private readonly temporary: string,
    private readonly file: FileHandle,
    private readonly format: WavFormat,
  ) {}

  static async create(target: string, format: WavFormat): Promise<WavFileWriter> {
    const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx');
    const writer = new WavFileWriter(target, temporary, file, format);
    try {
      await file.write(writer.header(), 0, HEADER_BYTES, 0);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return writer;
  }

  /** Interleaved 16-bit little-endian frames. */
  async write(frames: Buffer): Promise<void> {
    if (this.dataBytes + frames.length > MAX_DATA_BYTES) throw new RangeError('WAV data over 4 GiB');
    await this.file.write(frames, 0, frames.length, HEADER_BYTES + this.dataBytes);
    this.dataBytes += frames.length;
  }

  /** Fills in the sizes, flushes to disk and renames the file into place. */
  async commit(): Promise<void> {
    try {
      await this.file.write(this.header(), 0, HEADER_BYTES, 0);
      await this.file.sync();
      await this.file.close();
      this.done = true;
      await rename(this.temporary, this.target);
    } catch (error) {
      await this.abort();
      throw error;
    }
    await syncDirectory(dirname(this.target));
  }

  /** Drops the temporary file. Idempotent; never rejects. */
  async abort(): Promise<void> {
    if (!this.done) await this.file.close().catch(() => {});
    this.done = true;
    await unlink(this.temporary).catch(() => {});
  }

  /** The canonical 44-byte header: "RIFF" size "WAVE", a 16-byte "fmt " chunk (PCM = 1), "data" size. */
  private header(): Buffer {
    const { sampleRate, channels } = this.format;
    const blockAlign = channels * 2;
    const header = Buffer.alloc(HEADER_BYTES);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(HEADER_BYTES - 8 + this.dataBytes, 4);
    header.write('WAVE', 8, 'ascii');
    header.write('fmt ', 12, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(channels, 22);
    header.writeUInt32LE(sampleRate, 24);
    header.writeUInt32LE(sampleRate * blockAlign, 28);
    header.writeUInt16LE(blockAlign, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(this.dataBytes, 40);
    return header;
  }
}

/** Makes the rename itself durable; best effort (some file systems refuse to sync a directory). */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r').catch(() => null);
  if (!directory) return;
  await directory.sync().catch(() => {});
  await directory.close().catch(() => {});
}
