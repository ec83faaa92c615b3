/**
 * One listenable WAV per call from rtpengine's recording pcaps: RIFF PCM 16-bit 8 kHz, stereo
 * (caller left, agent side right) by default, or mono with both mixed.
 *
 * What Debian's rtpengine 10.5.3.5 writes (`--recording-method=pcap`, seen on this machine with
 * the media plane fixture and RTP tone peers, see recording-rtpengine.test.ts):
 * - Directory layout under `--recording-dir`: `pcaps/<call-id>-<16 hex>.pcap` per segment;
 *   `tmp/rtpengine-meta-<call-id>-<same hex>.tmp` while the segment is written, moved to
 *   `metadata/rtpengine-meta-<call-id>-<same hex>.txt` when it is closed. The hex suffix is random,
 *   so file names do not tell the order of segments: their first packet does.
 * - The metadata file holds the pcap's path, "Timestamp terminated ms(first monologue): 0.000",
 *   "call start time"/"call end time" (ISO 8601, no zone, whole seconds) and, last, the
 *   `metadata` string given to `start recording`, if any.
 * - The pcap is classic libpcap (not pcapng): magic 0xa1b2c3d4 written little-endian, microsecond
 *   timestamps, version 2.4, snaplen 65535, link type 101 (RAW: IPv4 with no link header).
 *   `--recording-format=eth` gives link type 1 with a fake Ethernet header (zero MACs) instead.
 *   IP and UDP checksums are left at zero; the record time is when rtpengine received the packet.
 * - One pcap holds the whole call, both directions: each packet as rtpengine *received* it, from
 *   the party (source address and port) to rtpengine's local port for that party (destination).
 *   So the destination port tells the parties apart. Only received media is recorded: what
 *   rtpengine generates (`play media`, `play DTMF`) or sends out after transcoding is not; a
 *   transcoded leg is recorded in the codec its party sent (a PCMA agent stays PCMA while the
 *   caller hears PCMU). So a browser leg sending Opus would be recorded as Opus (not tried here),
 *   which this mixdown cannot decode.
 * - Pause (`stop recording` with flag `pause`) closes the segment: its metadata moves to
 *   `metadata/`. Packets during the pause are written nowhere. Resume (`start recording`) opens
 *   a new pcap with a new suffix. Stop closes the last one. A call's recording is its pcaps.
 *
 * Choices: the WAV starts at the first recorded packet and keeps real time. A paused interval
 * is silence of its real length (PCI DSS wants the card details absent, and they are: rtpengine
 * never wrote them), so times in the WAV match the call record; `pauses` in the result says where
 * they are, for a player to mark. Comfort noise, RFC 4733 events and codecs other than G.711 are
 * silence and counted per stream.
 */
import { AudioTimeline, TimelineLimitError } from './audio-timeline.js';
import { PcapError, PcapReader, PcapTruncatedError } from './pcap-reader.js';
import {
  RecordingMixdownError,
  type RecordingMixdownOptions,
  type RecordingMixdownResult,
  type RecordingSegment,
} from './recording-types.js';
import { RtpExtractor } from './rtp-extract.js';
import { decodeUdp, type UdpDatagram } from './udp-decode.js';
import { WavFileWriter } from './wav-file-writer.js';

const SAMPLE_RATE = 8000;
const FRAMES_PER_MS = SAMPLE_RATE / 1000;
const DEFAULT_MAX_DURATION_MS = 4 * 60 * 60 * 1000;
const DEFAULT_RESYNC_MS = 1000;

interface SegmentPlan {
  path: string;
  firstUs: number | null;
}

export async function mixdownRecording(options: RecordingMixdownOptions): Promise<RecordingMixdownResult> {
  if (options.pcaps.length === 0) throw new RecordingMixdownError('no-pcaps', 'the call has no recording');
  const layout = options.layout ?? 'stereo';
  const plans = await orderSegments(options.pcaps, options.allowTruncated ?? false);
  const originUs = plans[0]?.firstUs ?? null;
  const resyncSamples = (options.resyncMs ?? DEFAULT_RESYNC_MS) * FRAMES_PER_MS;

  const channels = layout === 'stereo' ? 2 : 1;
  const writer = await WavFileWriter.create(options.output, { sampleRate: SAMPLE_RATE, channels }).catch(
    (error: unknown) => {
      throw new RecordingMixdownError('write-failed', `cannot create ${options.output}`, { cause: error });
    },
  );
  const timeline = new AudioTimeline(
    {
      channels,
      keepFrames: resyncSamples + SAMPLE_RATE,
      maxFrames: (options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS) * FRAMES_PER_MS,
    },
    (frames) => writer.write(frames),
  );
  const extractor = new RtpExtractor(
    {
      layout,
      callerPorts: options.callerPorts,
      ignoredPorts: options.ignoredPorts,
      resyncSamples,
      frameMs: 1 / FRAMES_PER_MS,
    },
    timeline,
  );
  try {
    const segments: RecordingSegment[] = [];
    let notUdp = 0;
    for (const [index, plan] of plans.entries()) {
      extractor.startSegment(index);
      const segment = await replaySegment(plan.path, originUs ?? 0, options.allowTruncated ?? false, {
        onDatagram: (datagram, position) => extractor.add(datagram, position),
        onNotUdp: () => (notUdp += 1),
        advance: (position) => timeline.advance(position),
      });
      segments.push(segment);
    }
    const { frames, levels } = await timeline.finish();
    await writer.commit();
    const { streams, notRtp } = extractor.summaries();
    const names = layout === 'stereo' ? (['caller', 'agent'] as const) : (['mix'] as const);
    return {
      output: options.output,
      layout,
      sampleRate: SAMPLE_RATE,
      durationMs: frames / FRAMES_PER_MS,
      startedAtMs: originUs === null ? null : originUs / 1000,
      channels: names.map((name, channel) => ({ name, level: levels[channel]! })),
      segments,
      pauses: pausesBetween(segments),
      streams,
      skipped: { notRtp, notUdp },
    };
  } catch (error) {
    await writer.abort();
    if (error instanceof TimelineLimitError) {
      throw new RecordingMixdownError('too-long', `recording longer than allowed: ${error.message}`, {
        cause: error,
      });
    }
    if (error instanceof PcapError || error instanceof RecordingMixdownError) throw error;
    throw new RecordingMixdownError('write-failed', `cannot write ${options.output}`, { cause: error });
  }
}

interface ReplayHandlers {
  onDatagram(datagram: UdpDatagram, position: number): void;
  onNotUdp(): void;
  advance(position: number): Promise<void>;
}

/** Feeds one pcap's datagrams to the handlers, positions in frames from `originUs`. */
async function replaySegment(
  path: string,
  originUs: number,
  allowTruncated: boolean,
  handlers: ReplayHandlers,
): Promise<RecordingSegment> {
  const reader = await PcapReader.open(path);
  const segment: RecordingSegment = { path, startMs: 0, endMs: 0, records: 0, truncated: false };
  try {
    for await (const record of reader.records()) {
      const position = Math.round(((record.timeUs - originUs) * FRAMES_PER_MS) / 1000);
      const ms = position / FRAMES_PER_MS;
      if (segment.records === 0) segment.startMs = ms;
      segment.endMs = Math.max(segment.endMs, ms);
      segment.records += 1;
      const datagram = decodeUdp(reader.header.linkType, record.data);
      if (datagram) handlers.onDatagram(datagram, position);
      else handlers.onNotUdp();
      await handlers.advance(position);
    }
  } catch (error) {
    if (!(allowTruncated && error instanceof PcapTruncatedError)) throw error;
    segment.truncated = true;
  } finally {
    await reader.close();
  }
  return segment;
}

/** Segments by their first packet's capture time; empty ones (paused before any packet) last. */
async function orderSegments(paths: readonly string[], allowTruncated: boolean): Promise<SegmentPlan[]> {
  const plans: SegmentPlan[] = [];
  for (const path of paths) plans.push({ path, firstUs: await firstCaptureUs(path, allowTruncated) });
  return plans.sort((a, b) => (a.firstUs ?? Infinity) - (b.firstUs ?? Infinity));
}

async function firstCaptureUs(path: string, allowTruncated: boolean): Promise<number | null> {
  const reader = await PcapReader.open(path);
  try {
    for await (const record of reader.records()) return record.timeUs;
    return null;
  } catch (error) {
    if (allowTruncated && error instanceof PcapTruncatedError) return null;
    throw error;
  } finally {
    await reader.close();
  }
}

function pausesBetween(segments: readonly RecordingSegment[]): { startMs: number; endMs: number }[] {
  const recorded = segments.filter((segment) => segment.records > 0);
  return recorded.slice(1).flatMap((segment, index) => {
    const before = recorded[index]!;
    return segment.startMs > before.endMs ? [{ startMs: before.endMs, endMs: segment.startMs }] : [];
  });
}
