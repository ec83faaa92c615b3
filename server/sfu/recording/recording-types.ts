/**
 * The recording mixdown's contract with the calls layer: what it asks (the call's pcaps, where
 * the WAV goes, which rtpengine ports belong to the caller), what it gets back, and its errors.
 */
import type { ChannelLevel } from './audio-timeline.js';
import type { RtpStreamCounters } from './rtp-stream-clock.js';
import type { UdpEndpoint } from './udp-decode.js';

/** Who a stream belongs to: the customer, or anyone on the contact center's side (agent, expert, mixer). */
export type RecordingParty = 'caller' | 'agent';

/** Stereo: caller on the left, the contact center's side on the right (best for QA). Mono: both mixed. */
export type RecordingLayout = 'stereo' | 'mono';

export interface RecordingMixdownOptions {
  /** Every pcap of the call, in any order: they are sorted by their first packet. */
  pcaps: readonly string[];
  /** The WAV file to write (atomically: a temporary file beside it, then a rename). */
  output: string;
  /** 'stereo' unless told otherwise. */
  layout?: RecordingLayout;
  /**
   * rtpengine's local ports that received the caller's media: the port in the SDP rtpengine gave
   * the caller (see recordingPortsOf). Streams to other ports are the agent's side. Without it the
   * first port heard in the recording is taken as the caller's, which is only a guess.
   */
  callerPorts?: readonly number[];
  /**
   * rtpengine's local ports whose media is left out: sides that carry our conference mixer's audio
   * toward the parties (what each already hears, not what anybody said).
   */
  ignoredPorts?: readonly number[];
  /** Accept pcaps that end inside a record (rtpengine died mid-write) instead of rejecting. */
  allowTruncated?: boolean;
  /** Longest recording produced; longer ones are refused. 4 hours unless told otherwise. */
  maxDurationMs?: number;
  /** How far capture time and RTP timestamps may disagree before a stream is re-anchored (1000 ms). */
  resyncMs?: number;
}

export interface RecordingSegment {
  path: string;
  /** Offsets of its first and last packet from the start of the WAV (0 for a segment with none). */
  startMs: number;
  endMs: number;
  records: number;
  /** The file ended inside a record (only with allowTruncated). */
  truncated: boolean;
}

export interface RecordingStreamSummary extends RtpStreamCounters {
  segment: number;
  party: RecordingParty;
  ssrc: number;
  source: UdpEndpoint;
  destination: UdpEndpoint;
  /** Packets by RTP payload type. */
  payloadTypes: Readonly<Record<number, number>>;
  /** Packets that are not PCMU or PCMA (comfort noise, RFC 4733 events, other codecs): silence. */
  undecoded: number;
  /** Packets that came too late to be placed (their place was already written). */
  late: number;
  firstMs: number;
  lastMs: number;
}

export interface RecordingChannel {
  /** 'caller' and 'agent' in stereo, 'mix' in mono. */
  name: RecordingParty | 'mix';
  level: ChannelLevel;
}

export interface RecordingMixdownResult {
  output: string;
  layout: RecordingLayout;
  sampleRate: 8000;
  durationMs: number;
  /** Capture time of the WAV's first sample, in milliseconds since the Unix epoch. */
  startedAtMs: number | null;
  channels: readonly RecordingChannel[];
  segments: readonly RecordingSegment[];
  /** Gaps between segments (recording paused): silence in the WAV, nothing of them was recorded. */
  pauses: readonly { startMs: number; endMs: number }[];
  streams: readonly RecordingStreamSummary[];
  /** UDP datagrams that were not RTP, and records that were not UDP at all. */
  skipped: { notRtp: number; notUdp: number };
}

export type RecordingMixdownFailure = 'no-pcaps' | 'too-long' | 'write-failed';

/**
 * The mixdown could not produce a file. A pcap that cannot be read rejects with its PcapError
 * (pcap-reader.ts) instead: PcapIoError, PcapFormatError, PcapTruncatedError, PcapUnsupportedError.
 */
export class RecordingMixdownError extends Error {
  override name = 'RecordingMixdownError';
  constructor(
    readonly failure: RecordingMixdownFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
