/**
 * The trunk's media, in place of SIPp's: one UDP socket of 127.0.0.1 named in every caller's SDP. For
 * each call it streams G.711 (PCMA, 20 ms, 50 packets/s, RTP sequence and timestamp as a phone would) to
 * the rtpengine port of the caller's side, and counts what comes back from that port. The agents' SIPp
 * echoes every packet it receives, so a packet that comes back has crossed the media plane twice
 * (trunk -> rtpengine -> agent, agent -> rtpengine -> trunk). Each packet carries its send time, which
 * gives the media round trip.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { LOOPBACK } from '../support/loopback-ports.js';
import { LatencyHistogram } from './latency-histogram.js';

const PACKET_MS = 20;
const HEADER = 12;
const PAYLOAD = 160;
/** PCMA silence. */
const SILENCE = 0xd5;
/** An answer later than this is no use to a conversation: counted as lost. */
export const LATE_MS = 500;

export interface StreamResult {
  readonly sent: number;
  readonly received: number;
  /** The stream was still under way when the measurement ended, or its port went to another call. */
  readonly cutShort: boolean;
}

interface Stream {
  readonly callId: string;
  readonly remotePort: number;
  readonly ssrc: number;
  readonly startedAt: number;
  readonly packets: number;
  sent: number;
  received: number;
  cutShort: boolean;
}

export class CallerRtp {
  private readonly byPort = new Map<number, Stream>();
  private readonly results = new Map<string, StreamResult>();
  private readonly roundTrip = new LatencyHistogram();
  private readonly pacer: NodeJS.Timeout;
  /** Packets from a port no open stream uses (late answers after a stream closed). */
  private strays = 0;
  private sendErrors = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (data, remote) => this.receive(data, remote.port));
    this.pacer = setInterval(() => this.pace(), 5);
  }

  static async open(): Promise<CallerRtp> {
    // A deep receive buffer (capped by net.core.rmem_max): every call's answer arrives on this one socket.
    const socket = createSocket({ type: 'udp4', recvBufferSize: 8 << 20, sendBufferSize: 8 << 20 });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: LOOPBACK, port: 0 }, () => resolve());
    });
    return new CallerRtp(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  get activeStreams(): number {
    return this.byPort.size;
  }

  /** Streams `durationMs` of audio to rtpengine's `remotePort` for the call; counts it LATE_MS after the end. */
  start(callId: string, remotePort: number, durationMs: number): void {
    // rtpengine may give the port of a call that has just ended to a new one while that stream finishes.
    const previous = this.byPort.get(remotePort);
    if (previous) {
      previous.cutShort = previous.sent < previous.packets;
      this.finish(previous);
    }
    const stream: Stream = {
      callId,
      remotePort,
      ssrc: randomInt(2 ** 32),
      startedAt: performance.now(),
      packets: Math.max(1, Math.floor(durationMs / PACKET_MS)),
      sent: 0,
      received: 0,
      cutShort: false,
    };
    this.byPort.set(remotePort, stream);
  }

  /** Ends every stream still open (its call never ended), counted as cut short. */
  finishAll(): void {
    for (const stream of [...this.byPort.values()]) {
      stream.cutShort = true;
      this.finish(stream);
    }
  }

  /** Streams finished so far, by call. */
  finished(): ReadonlyMap<string, StreamResult> {
    return this.results;
  }

  roundTripMs(): LatencyHistogram {
    return this.roundTrip;
  }

  get counters(): { strays: number; sendErrors: number } {
    return { strays: this.strays, sendErrors: this.sendErrors };
  }

  async close(): Promise<void> {
    clearInterval(this.pacer);
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private pace(): void {
    const now = performance.now();
    for (const stream of this.byPort.values()) {
      const due = Math.min(stream.packets, Math.floor((now - stream.startedAt) / PACKET_MS) + 1);
      while (stream.sent < due) this.send(stream, now);
      if (stream.sent === stream.packets && now - stream.startedAt > stream.packets * PACKET_MS + LATE_MS) {
        this.finish(stream);
      }
    }
  }

  private send(stream: Stream, now: number): void {
    const packet = Buffer.allocUnsafe(HEADER + PAYLOAD);
    packet[0] = 0x80;
    packet[1] = 8;
    packet.writeUInt16BE(stream.sent & 0xffff, 2);
    packet.writeUInt32BE((stream.sent * PAYLOAD) >>> 0, 4);
    packet.writeUInt32BE(stream.ssrc, 8);
    packet.fill(SILENCE, HEADER);
    packet.writeDoubleBE(now, HEADER);
    stream.sent++;
    this.socket.send(packet, stream.remotePort, LOOPBACK, (error) => {
      if (error) this.sendErrors++;
    });
  }

  private receive(data: Buffer, port: number): void {
    const stream = this.byPort.get(port);
    if (!stream || data.length < HEADER + 8) {
      this.strays++;
      return;
    }
    const sentAt = data.readDoubleBE(HEADER);
    const elapsed = performance.now() - sentAt;
    if (elapsed > LATE_MS) return;
    stream.received++;
    this.roundTrip.record(elapsed);
  }

  private finish(stream: Stream): void {
    this.byPort.delete(stream.remotePort);
    this.results.set(stream.callId, {
      sent: stream.sent,
      received: stream.received,
      cutShort: stream.cutShort,
    });
  }
}
