/**
 * A recording's audio as it is assembled: 16-bit samples on one or two channels, mixed where
 * streams overlap, with silence wherever nothing was placed. Only a window around the present is
 * held in memory (one-second blocks); older blocks are written to the sink in order, so a call of
 * any length needs the same few hundred kilobytes. The sink receives interleaved 16-bit
 * little-endian frames, exactly what a WAV file's data chunk holds.
 */

export type TimelineSink = (frames: Buffer) => Promise<void>;

export interface ChannelLevel {
  /** Root mean square over the whole recording, in dB relative to full scale (floor -96). */
  rmsDbfs: number;
  /** Largest absolute sample, in dB relative to full scale (floor -96). */
  peakDbfs: number;
}

export interface AudioTimelineOptions {
  channels: 1 | 2;
  /** Frames before the present kept open for late packets; older ones are final. */
  keepFrames: number;
  /** Refuse audio placed beyond this frame (see TimelineLimitError). */
  maxFrames: number;
}

/** Audio was placed beyond AudioTimelineOptions.maxFrames. */
export class TimelineLimitError extends Error {
  override name = 'TimelineLimitError';
}

export type PlaceOutcome = 'placed' | 'late';

/** One second at the recording's 8 kHz. */
const SAMPLE_RATE = 8000;
const BLOCK_FRAMES = SAMPLE_RATE;
const FULL_SCALE = 32768;
const FLOOR_DBFS = -96;

export class AudioTimeline {
  private readonly blocks = new Map<number, Int32Array>();
  /** Blocks [0, written) are in the sink. */
  private written = 0;
  private endFrame = 0;
  private readonly squares: number[];
  private readonly peaks: number[];

  constructor(
    private readonly options: AudioTimelineOptions,
    private readonly sink: TimelineSink,
  ) {
    this.squares = new Array<number>(options.channels).fill(0);
    this.peaks = new Array<number>(options.channels).fill(0);
  }

  /** Frames from the start to the end of the last audio (or of the last `advance`). */
  get frames(): number {
    return this.endFrame;
  }

  /** Mixes `samples` into `channel` from frame `position` on. Audio before the window is refused. */
  place(channel: number, position: number, samples: Int16Array): PlaceOutcome {
    if (position < Math.max(0, this.written * BLOCK_FRAMES)) return 'late';
    const end = position + samples.length;
    if (end > this.options.maxFrames) {
      throw new TimelineLimitError(`audio at ${(end / SAMPLE_RATE).toFixed(1)} s is beyond the limit`);
    }
    const channels = this.options.channels;
    for (let index = 0; index < samples.length;) {
      const frame = position + index;
      const blockIndex = Math.floor(frame / BLOCK_FRAMES);
      const block = this.block(blockIndex);
      const count = Math.min(samples.length - index, (blockIndex + 1) * BLOCK_FRAMES - frame);
      let offset = (frame - blockIndex * BLOCK_FRAMES) * channels + channel;
      for (let step = 0; step < count; step += 1, offset += channels)
        block[offset]! += samples[index + step]!;
      index += count;
    }
    this.endFrame = Math.max(this.endFrame, end);
    return 'placed';
  }

  /** The present is at frame `now`: the recording lasts at least that long; older blocks are written. */
  async advance(now: number): Promise<void> {
    if (now > this.options.maxFrames) {
      throw new TimelineLimitError(`capture at ${(now / SAMPLE_RATE).toFixed(1)} s is beyond the limit`);
    }
    this.endFrame = Math.max(this.endFrame, now);
    const finalBlocks = Math.floor((now - this.options.keepFrames) / BLOCK_FRAMES);
    while (this.written < finalBlocks) await this.writeBlock(BLOCK_FRAMES);
  }

  /** Writes everything out; returns the length in frames and each channel's level. */
  async finish(): Promise<{ frames: number; levels: ChannelLevel[] }> {
    while (this.written * BLOCK_FRAMES < this.endFrame) {
      await this.writeBlock(Math.min(BLOCK_FRAMES, this.endFrame - this.written * BLOCK_FRAMES));
    }
    const levels = this.squares.map((squares, channel) => ({
      rmsDbfs: dbfs(this.endFrame === 0 ? 0 : Math.sqrt(squares / this.endFrame)),
      peakDbfs: dbfs(this.peaks[channel]!),
    }));
    return { frames: this.endFrame, levels };
  }

  private block(index: number): Int32Array {
    let block = this.blocks.get(index);
    if (!block) {
      block = new Int32Array(BLOCK_FRAMES * this.options.channels);
      this.blocks.set(index, block);
    }
    return block;
  }

  private async writeBlock(frames: number): Promise<void> {
    const channels = this.options.channels;
    const block = this.blocks.get(this.written);
    this.blocks.delete(this.written);
    this.written += 1;
    const bytes = Buffer.alloc(frames * channels * 2);
    if (block) {
      for (let offset = 0; offset < frames * channels; offset += 1) {
        const value = Math.max(-32768, Math.min(32767, block[offset]!));
        const channel = offset % channels;
        this.squares[channel]! += value * value;
        this.peaks[channel] = Math.max(this.peaks[channel]!, Math.abs(value));
        bytes.writeInt16LE(value, offset * 2);
      }
    }
    await this.sink(bytes);
  }
}

function dbfs(amplitude: number): number {
  return amplitude <= 0 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude / FULL_SCALE));
}
