/**
 * From a recording's UDP datagrams to audio on its timeline: each datagram is parsed as RTP,
 * grouped into a stream by segment, rtpengine port and SSRC, assigned to a party, placed by its
 * stream clock and, for G.711, decoded into the party's channel. A new SSRC on the same port is a
 * new stream (anchored at its own first packet), and each segment anchors its streams anew.
 */
import type { AudioTimeline } from './audio-timeline.js';
import { decodeG711, type G711Law } from './g711-decode.js';
import type { RecordingLayout, RecordingParty, RecordingStreamSummary } from './recording-types.js';
import { parseRtp } from './rtp-packet.js';
import { RtpStreamClock, type RtpStreamCounters } from './rtp-stream-clock.js';
import type { UdpDatagram } from './udp-decode.js';

export interface RtpExtractOptions {
  layout: RecordingLayout;
  /** See RecordingMixdownOptions.callerPorts. */
  callerPorts?: readonly number[];
  /** See RecordingMixdownOptions.ignoredPorts. */
  ignoredPorts?: readonly number[];
  resyncSamples: number;
  /** Capture position (frames) to milliseconds, for the summaries. */
  frameMs: number;
}

/** RFC 3551 table 4: the static G.711 payload types. Everything else is rendered as silence. */
const G711_PAYLOAD_TYPES: ReadonlyMap<number, G711Law> = new Map([
  [0, 'mulaw'],
  [8, 'alaw'],
]);

/** Garbage can make up any number of SSRCs: past this many streams, packets are ignored. */
const MAX_STREAMS = 256;

type StreamDetails = Omit<RecordingStreamSummary, keyof RtpStreamCounters | 'payloadTypes'> & {
  payloadTypes: Record<number, number>;
};

interface Stream {
  summary: StreamDetails;
  clock: RtpStreamClock;
  channel: number;
}

export class RtpExtractor {
  private segment = 0;
  private readonly streams = new Map<string, Stream>();
  private readonly callerPorts: Set<number> | null;
  private readonly ignoredPorts: Set<number>;
  private notRtp = 0;

  constructor(
    private readonly options: RtpExtractOptions,
    private readonly timeline: AudioTimeline,
  ) {
    this.callerPorts = options.callerPorts ? new Set(options.callerPorts) : null;
    this.ignoredPorts = new Set(options.ignoredPorts ?? []);
  }

  /** The following datagrams belong to segment `index` (one pcap of a paused and resumed recording). */
  startSegment(index: number): void {
    this.segment = index;
  }

  /** Places one datagram captured at frame `capturePosition`. */
  add(datagram: UdpDatagram, capturePosition: number): void {
    if (this.ignoredPorts.has(datagram.destination.port)) return;
    const rtp = parseRtp(datagram.payload);
    if (!rtp) {
      this.notRtp += 1;
      return;
    }
    const stream = this.stream(datagram, rtp.ssrc, capturePosition);
    if (!stream) return;
    const { summary } = stream;
    summary.payloadTypes[rtp.payloadType] = (summary.payloadTypes[rtp.payloadType] ?? 0) + 1;
    summary.lastMs = capturePosition * this.options.frameMs;
    const law = G711_PAYLOAD_TYPES.get(rtp.payloadType);
    const samples = law ? rtp.payload.length : 0;
    const position = stream.clock.place(rtp.sequence, rtp.timestamp, capturePosition, samples);
    if (position === null) return;
    if (!law) {
      summary.undecoded += 1;
      return;
    }
    if (this.timeline.place(stream.channel, position, decodeG711(law, rtp.payload)) === 'late') {
      summary.late += 1;
    }
  }

  summaries(): { streams: RecordingStreamSummary[]; notRtp: number } {
    const streams = [...this.streams.values()].map(({ summary, clock }) => ({
      ...summary,
      ...clock.counters,
    }));
    return { streams, notRtp: this.notRtp };
  }

  private stream(datagram: UdpDatagram, ssrc: number, capturePosition: number): Stream | null {
    const { destination } = datagram;
    const key = `${this.segment}/${destination.address}/${destination.port}/${ssrc}`;
    const known = this.streams.get(key);
    if (known) return known;
    if (this.streams.size >= MAX_STREAMS) {
      this.notRtp += 1;
      return null;
    }
    const party = this.partyOf(destination.port);
    const stream: Stream = {
      summary: {
        segment: this.segment,
        party,
        ssrc,
        source: { ...datagram.source },
        destination: { ...destination },
        payloadTypes: {},
        undecoded: 0,
        late: 0,
        firstMs: capturePosition * this.options.frameMs,
        lastMs: capturePosition * this.options.frameMs,
      },
      clock: new RtpStreamClock(this.options.resyncSamples),
      channel: this.options.layout === 'stereo' && party === 'agent' ? 1 : 0,
    };
    this.streams.set(key, stream);
    return stream;
  }

  /** rtpengine records what it receives: the destination port is the port it gave that party. */
  private partyOf(port: number): RecordingParty {
    if (this.callerPorts) return this.callerPorts.has(port) ? 'caller' : 'agent';
    const first = this.streams.values().next();
    if (first.done) return 'caller';
    return first.value.summary.destination.port === port ? 'caller' : 'agent';
  }
}
