/**
 * A stand-in for an rtpengine leg in mixer tests: a UDP socket on 127.0.0.1 that speaks a steady
 * sine tone as G.711 RTP (20 ms packets on a drift-free schedule, optionally lost, reordered or
 * duplicated on purpose), sends RFC 4733 key presses, and records the mixed audio it receives so a
 * test can measure which tones are in it (Goertzel filter).
 */
import { createSocket, type Socket } from 'node:dgram';
import type { MediaAddress } from '../conference-mixer-types.js';
import { FrameTicker } from '../frame-ticker.js';
import { decodeG711, encodeG711, isG711PayloadType, PCMU, type G711PayloadType } from '../g711.js';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../mix-bus.js';
import { parseRtp, writeRtp, type RtpPacket } from '../rtp-packet.js';

export interface ReceivedPacket extends RtpPacket {
  at: number;
}

/** What to do with the packet of frame n: send it, lose it, send it after the next one, or twice. */
export type PacketFate = 'send' | 'lose' | 'late' | 'twice';

export interface ToneOptions {
  hz: number;
  amplitude?: number;
  payloadType?: G711PayloadType;
  ssrc?: number;
  firstSequence?: number;
  fate?: (frame: number) => PacketFate;
}

export class TonePeer {
  readonly received: ReceivedPacket[] = [];
  private ticker: FrameTicker | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (data) => {
      const packet = parseRtp(data);
      if (packet) this.received.push({ ...packet, at: performance.now() });
    });
  }

  static async open(): Promise<TonePeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new TonePeer(socket);
  }

  get address(): MediaAddress {
    return { address: '127.0.0.1', port: this.socket.address().port };
  }

  /** Starts speaking a continuous tone toward `to` until stopTone(). */
  startTone(to: MediaAddress, options: ToneOptions): void {
    this.stopTone();
    const payloadType = options.payloadType ?? PCMU;
    const amplitude = options.amplitude ?? 6000;
    const ssrc = options.ssrc ?? 0x5eed0000 + options.hz;
    const fate = options.fate ?? (() => 'send');
    let frame = 0;
    let heldBack: Buffer | null = null;
    this.ticker = new FrameTicker(() => {
      const samples = Int16Array.from({ length: FRAME_SAMPLES }, (_, index) => {
        const t = (frame * FRAME_SAMPLES + index) / SAMPLE_RATE;
        return Math.round(amplitude * Math.sin(2 * Math.PI * options.hz * t));
      });
      const payload = new Uint8Array(FRAME_SAMPLES);
      encodeG711(samples, payloadType, payload);
      const sequence = ((options.firstSequence ?? 1000) + frame) & 0xffff;
      const header = { payloadType, marker: frame === 0, sequence, timestamp: frame * FRAME_SAMPLES, ssrc };
      const packet = writeRtp(header, payload);
      const what = fate(frame);
      if (what === 'send' || what === 'twice') this.sendRaw(packet, to);
      if (what === 'twice') this.sendRaw(packet, to);
      if (heldBack) this.sendRaw(heldBack, to);
      heldBack = what === 'late' ? packet : null;
      frame += 1;
    });
    this.ticker.start();
  }

  stopTone(): void {
    this.ticker?.stop();
    this.ticker = null;
  }

  sendRaw(data: Buffer, to: MediaAddress): void {
    this.socket.send(data, to.port, to.address);
  }

  /** One RFC 4733 key press: three progress packets, then the end packet three times. */
  sendKey(to: MediaAddress, event: number, options: { payloadType?: number; timestamp?: number } = {}): void {
    const timestamp = options.timestamp ?? 123_456;
    const steps = [
      [false, 160],
      [false, 320],
      [false, 480],
      [true, 800],
      [true, 800],
      [true, 800],
    ] as const;
    steps.forEach(([end, duration], index) => {
      const payload = Uint8Array.of(event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff);
      const header = {
        payloadType: options.payloadType ?? 101,
        marker: index === 0,
        sequence: 60_000 + index,
      };
      this.sendRaw(writeRtp({ ...header, timestamp, ssrc: 0xd7af }, payload), to);
    });
  }

  /** Resolves once `count` packets have arrived (or after `timeoutMs`, with what there is). */
  async waitForPackets(count: number, timeoutMs = 3000): Promise<ReceivedPacket[]> {
    const deadline = performance.now() + timeoutMs;
    while (this.received.length < count && performance.now() < deadline) await sleep(10);
    return this.received;
  }

  /** The audio received between two times (performance.now()), in sequence order, decoded. */
  audioBetween(from: number, to: number): Int16Array {
    const packets = this.received
      .filter((packet) => packet.at >= from && packet.at < to && isG711PayloadType(packet.payloadType))
      .sort((a, b) => (((a.sequence - b.sequence) & 0xffff) << 16) >> 16);
    const audio = new Int16Array(packets.length * FRAME_SAMPLES);
    packets.forEach((packet, index) => {
      const frame = new Int16Array(FRAME_SAMPLES);
      decodeG711(packet.payload, packet.payloadType as G711PayloadType, frame);
      audio.set(frame, index * FRAME_SAMPLES);
    });
    return audio;
  }

  close(): void {
    this.stopTone();
    this.socket.close();
  }
}

/**
 * The amplitude of the `hz` component of `samples` (a Goertzel filter over a Hann window): a sine of
 * amplitude A there reads about A, a frequency that is absent reads near 0.
 */
export function toneAmplitude(samples: Int16Array, hz: number): number {
  const count = samples.length;
  if (count === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / SAMPLE_RATE);
  let previous = 0;
  let beforePrevious = 0;
  let windowSum = 0;
  for (let index = 0; index < count; index += 1) {
    const weight = 0.5 - 0.5 * Math.cos((2 * Math.PI * index) / (count - 1));
    windowSum += weight;
    const current = samples[index]! * weight + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power =
    previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (2 * Math.sqrt(Math.max(0, power))) / windowSum;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
