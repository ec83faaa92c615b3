/**
 * A tiny RTP endpoint for tests: a UDP socket on 127.0.0.1 that describes itself in plain RTP/AVP
 * SDP, sends a G.711 µ-law (PCMU) tone in 20 ms packets and records what arrives. Enough to prove
 * that media really flows through rtpengine, not just that signalling succeeded.
 */
import { decodeMulaw, encodeMulaw } from '../mixer/g711.js';
import { createSocket, type Socket } from 'node:dgram';

export interface RtpPacket {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export interface MediaAddress {
  address: string;
  port: number;
}

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz

export class RtpPeer {
  readonly received: RtpPacket[] = [];
  private waiters: (() => void)[] = [];
  private readonly ssrc = Math.floor(Math.random() * 0xffffffff) >>> 0;
  private readonly nextIndex = new Map<number, number>();

  private constructor(private readonly socket: Socket) {
    socket.on('message', (data) => {
      const packet = parseRtp(data);
      if (!packet) return; // RTCP or other noise
      this.received.push(packet);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(): Promise<RtpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new RtpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Plain RTP offer/answer SDP: PCMU and telephone-event on this socket. */
  sdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv'): string {
    return [
      'v=0',
      `o=- ${this.port} 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.port} RTP/AVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      `a=${direction}`,
      '',
    ].join('\r\n');
  }

  /**
   * Sends `count` packets of a `toneHz` sine (µ-law) to `to`, one every 20 ms. Each peer has its own
   * SSRC (random) and its sequence numbers carry on from one call to the next: rtpengine with
   * inject-DTMF drops a stream that restarts its sequence, and two peers with one SSRC in one call.
   */
  async sendTone(to: MediaAddress, count: number, options: { toneHz?: number; ssrc?: number } = {}) {
    const toneHz = options.toneHz ?? 440;
    const ssrc = options.ssrc ?? this.ssrc;
    const first = this.nextIndex.get(ssrc) ?? 0;
    this.nextIndex.set(ssrc, first + count);
    for (let index = first; index < first + count; index += 1) {
      const payload = Buffer.alloc(SAMPLES_PER_PACKET);
      for (let sample = 0; sample < SAMPLES_PER_PACKET; sample += 1) {
        const t = (index * SAMPLES_PER_PACKET + sample) / 8000;
        payload[sample] = encodeMulaw(Math.round(8000 * Math.sin(2 * Math.PI * toneHz * t)));
      }
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = index === first ? 0x80 : 0x00; // marker on the first packet, payload type 0
      header.writeUInt16BE(index & 0xffff, 2);
      header.writeUInt32BE(index * SAMPLES_PER_PACKET, 4);
      header.writeUInt32BE(ssrc, 8);
      this.socket.send(Buffer.concat([header, payload]), to.port, to.address);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Presses a key as a phone does in RFC 4733 (payload type 101): a packet every 20 ms with the
   * same timestamp (the key's start) and a growing duration, the first with the marker bit, then
   * the end packet three times (section 2.5.1.4). Sequence numbers go on from the tone's.
   */
  async sendKey(to: MediaAddress, key: string, options: { durationMs?: number; ssrc?: number } = {}) {
    const event = '0123456789*#ABCD'.indexOf(key);
    if (event < 0 || key.length !== 1) throw new TypeError(`not a DTMF key: ${key}`);
    const ssrc = options.ssrc ?? this.ssrc;
    const steps = Math.max(1, Math.round((options.durationMs ?? 100) / 20));
    const first = this.nextIndex.get(ssrc) ?? 0;
    this.nextIndex.set(ssrc, first + steps + 3);
    for (let step = 0; step < steps + 3; step += 1) {
      const end = step >= steps;
      const duration = Math.min(steps, step + 1) * SAMPLES_PER_PACKET;
      const packet = Buffer.alloc(16);
      packet[0] = 0x80;
      packet[1] = (step === 0 ? 0x80 : 0x00) | 101;
      packet.writeUInt16BE((first + step) & 0xffff, 2);
      packet.writeUInt32BE(first * SAMPLES_PER_PACKET, 4);
      packet.writeUInt32BE(ssrc, 8);
      packet[12] = event;
      packet[13] = (end ? 0x80 : 0) | 10;
      packet.writeUInt16BE(duration, 14);
      this.socket.send(packet, to.port, to.address);
      if (step < steps) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Resolves once `count` RTP packets have arrived, or after `timeoutMs` with what there is. */
  async waitForPackets(count: number, timeoutMs = 3_000): Promise<RtpPacket[]> {
    await waitUntilCount(this.received, this.waiters, count, timeoutMs);
    return this.received;
  }

  close(): void {
    this.socket.close();
  }
}

/** Where an SDP body asks media to be sent: its connection address and first audio port. */
export function mediaAddressOf(sdp: string): MediaAddress {
  const address = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = /^m=audio (\d+) /m.exec(sdp)?.[1];
  if (!address || !port) throw new Error(`no audio address in SDP:\n${sdp}`);
  return { address, port: Number(port) };
}

/** Root mean square of µ-law payloads, in 16-bit linear units (a full-scale sine is about 23,000). */
export function mulawLevel(payloads: readonly Buffer[]): number {
  let sum = 0;
  let samples = 0;
  for (const payload of payloads) {
    for (const byte of payload) {
      const value = decodeMulaw(byte);
      sum += value * value;
      samples += 1;
    }
  }
  return samples === 0 ? 0 : Math.sqrt(sum / samples);
}

function parseRtp(data: Buffer): RtpPacket | null {
  if (data.length < 12 || data[0]! >> 6 !== 2) return null;
  const payloadType = data[1]! & 0x7f;
  if (payloadType >= 72 && payloadType <= 79) return null; // RTCP
  const headerLength = 12 + 4 * (data[0]! & 0x0f);
  return {
    payloadType,
    sequence: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    ssrc: data.readUInt32BE(8),
    payload: data.subarray(headerLength),
  };
}

/** Waits until `list` holds `count` items (each arrival calls the `waiters`), or `timeoutMs` passes. */
export async function waitUntilCount(
  list: { readonly length: number },
  waiters: (() => void)[],
  count: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
