/**
 * What a listener would hear, measured: a WAV file read back (our own minimal RIFF parser, so the
 * test does not trust the writer), tone levels by the Goertzel algorithm and plain RMS over a time
 * window, and tone streams of RTP packets to feed a synthetic recording.
 */
import { readFileSync } from 'node:fs';
import {
  encodeAlaw,
  encodeMulaw,
  rtpPacket,
  type CapturedPacket,
  type Endpoint,
} from './pcap-writer.fixture.js';

export interface WavContents {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** One array per channel. */
  samples: Int16Array[];
}

export function readWav(path: string): WavContents {
  const bytes = readFileSync(path);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a WAV file`);
  }
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error('RIFF size does not match the file');
  let offset = 12;
  let format: Omit<WavContents, 'samples'> | null = null;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = bytes.subarray(offset + 8, offset + 8 + size);
    if (id === 'fmt ') {
      format = {
        format: body.readUInt16LE(0),
        channels: body.readUInt16LE(2),
        sampleRate: body.readUInt32LE(4),
        bitsPerSample: body.readUInt16LE(14),
      };
    } else if (id === 'data' && format) {
      const frames = size / (2 * format.channels);
      const samples = Array.from({ length: format.channels }, () => new Int16Array(frames));
      for (let frame = 0; frame < frames; frame += 1) {
        for (let channel = 0; channel < format.channels; channel += 1) {
          samples[channel]![frame] = body.readInt16LE((frame * format.channels + channel) * 2);
        }
      }
      return { ...format, samples };
    }
    offset += 8 + size;
  }
  throw new Error(`${path} has no data chunk`);
}

function window(samples: Int16Array, fromMs: number, toMs: number): Int16Array {
  return samples.subarray(Math.round(fromMs * 8), Math.round(toMs * 8));
}

/** Amplitude of the `hz` component between two times (Goertzel; a sine of amplitude A gives about A). */
export function toneLevel(samples: Int16Array, hz: number, fromMs: number, toMs: number): number {
  const part = window(samples, fromMs, toMs);
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of part) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power =
    previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return part.length === 0 ? 0 : (2 * Math.sqrt(Math.max(0, power))) / part.length;
}

export function rmsLevel(samples: Int16Array, fromMs: number, toMs: number): number {
  const part = window(samples, fromMs, toMs);
  let sum = 0;
  for (const sample of part) sum += sample * sample;
  return part.length === 0 ? 0 : Math.sqrt(sum / part.length);
}

export interface ToneStreamOptions {
  hz: number;
  law?: 'mulaw' | 'alaw';
  /** Capture time of the first packet. */
  startUs: number;
  packets: number;
  ssrc: number;
  source: Endpoint;
  destination: Endpoint;
  firstSequence?: number;
  firstTimestamp?: number;
  amplitude?: number;
  /** Capture jitter in microseconds for packet i (RTP timestamps stay regular). */
  jitterUs?: (index: number) => number;
}

/** A 20 ms-per-packet G.711 tone: RTP timestamps advance 160 per packet, as a real sender's do. */
export function toneStream(options: ToneStreamOptions): CapturedPacket[] {
  const encode = options.law === 'alaw' ? encodeAlaw : encodeMulaw;
  const payloadType = options.law === 'alaw' ? 8 : 0;
  const amplitude = options.amplitude ?? 8000;
  return Array.from({ length: options.packets }, (_, index) => {
    const payload = Buffer.alloc(160);
    for (let sample = 0; sample < 160; sample += 1) {
      const t = (index * 160 + sample) / 8000;
      payload[sample] = encode(Math.round(amplitude * Math.sin(2 * Math.PI * options.hz * t)));
    }
    return {
      timeUs: options.startUs + index * 20_000 + (options.jitterUs?.(index) ?? 0),
      source: options.source,
      destination: options.destination,
      payload: rtpPacket({
        payloadType,
        sequence: ((options.firstSequence ?? 1000) + index) & 0xffff,
        timestamp: ((options.firstTimestamp ?? 50_000) + index * 160) >>> 0,
        ssrc: options.ssrc,
        payload,
        marker: index === 0,
      }),
    };
  });
}

/** Packets of several streams merged into capture order, as a capture file holds them. */
export function inCaptureOrder(...streams: CapturedPacket[][]): CapturedPacket[] {
  return streams.flat().sort((a, b) => a.timeUs - b.timeUs);
}
