/**
 * Where one RTP stream's packets go on a recording's timeline (in samples at the stream's clock
 * rate from the start of the recording). The first packet is placed at its capture time; the
 * following ones by their RTP timestamp relative to it, which keeps the audio free of the capture
 * jitter. The clock goes back to the capture time when the two disagree by more than `resyncSamples`
 * (the sender restarted its timestamps, or its clock drifted far), or when the timestamp runs
 * backwards while the sequence number runs forwards. Duplicates (by extended sequence number) are
 * placed once; sequence and timestamp wrap-around are handled (RFC 3550 appendix A.1).
 */

export interface RtpStreamCounters {
  /** Packets placed on the timeline. */
  packets: number;
  duplicates: number;
  /** Packets expected from the sequence numbers but never seen (RFC 3550 A.3). */
  lost: number;
  /** Times the stream was re-anchored at a packet's capture time. */
  resyncs: number;
}

/** RFC 3550 A.1: a jump larger than this is a restart of the sequence, not a loss. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const SEQUENCE_MODULO = 0x10000;
/** Recent sequence numbers remembered to recognise duplicates. */
const DUPLICATE_WINDOW = 512;

export class RtpStreamClock {
  private anchor: { timestamp: number; position: number } | null = null;
  /** Highest extended sequence number so far, and where that packet lies on the timeline. */
  private highest = 0;
  private highestStart = 0;
  private highestEnd = 0;
  /** First extended sequence number of the current run (since the start or the last restart). */
  private base = 0;
  private expectedBefore = 0;
  private readonly seen = new Set<number>();
  private readonly counts = { packets: 0, duplicates: 0, resyncs: 0 };

  constructor(private readonly resyncSamples: number) {}

  get counters(): RtpStreamCounters {
    const expected = this.expectedBefore + (this.anchor ? this.highest - this.base + 1 : 0);
    return { ...this.counts, lost: Math.max(0, expected - this.counts.packets) };
  }

  /**
   * The timeline position of the packet's first sample, or null for a duplicate. `capturePosition`
   * is the capture time on the same timeline; `samples` the packet's duration.
   */
  place(sequence: number, timestamp: number, capturePosition: number, samples: number): number | null {
    if (!this.anchor) {
      this.anchor = { timestamp, position: capturePosition };
      this.startRun(sequence);
      return this.accept(capturePosition, samples, true);
    }
    const forward = (sequence - (this.highest % SEQUENCE_MODULO) + SEQUENCE_MODULO) % SEQUENCE_MODULO;
    let extended: number;
    if (forward !== 0 && forward < MAX_DROPOUT) {
      extended = this.highest + forward;
    } else if (forward === 0 || SEQUENCE_MODULO - forward <= MAX_MISORDER) {
      extended = this.highest - (forward === 0 ? 0 : SEQUENCE_MODULO - forward);
      if (this.seen.has(extended)) {
        this.counts.duplicates += 1;
        return null;
      }
    } else {
      // A jump too large for loss or reordering: the sender restarted its sequence.
      this.expectedBefore += this.highest - this.base + 1;
      this.startRun(sequence);
      extended = this.highest;
    }
    const inOrder = extended >= this.highest;
    let position = this.anchor.position + ((timestamp - this.anchor.timestamp) | 0);
    const timestampRanBackwards = inOrder && extended > this.highest && position < this.highestStart;
    if (Math.abs(position - capturePosition) > this.resyncSamples || timestampRanBackwards) {
      position = timestampRanBackwards ? Math.max(capturePosition, this.highestEnd) : capturePosition;
      this.anchor = { timestamp, position };
      this.counts.resyncs += 1;
    }
    this.seen.add(extended);
    if (inOrder) this.highest = extended;
    return this.accept(position, samples, inOrder);
  }

  private startRun(sequence: number): void {
    this.seen.clear();
    this.highest = sequence;
    this.base = sequence;
    this.seen.add(sequence);
  }

  private accept(position: number, samples: number, inOrder: boolean): number {
    this.counts.packets += 1;
    if (inOrder) {
      this.highestStart = position;
      this.highestEnd = position + samples;
    }
    // Sets iterate in insertion order, which is about sequence order: drop the oldest.
    while (this.seen.size > DUPLICATE_WINDOW) {
      const oldest = this.seen.values().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    return position;
  }
}
