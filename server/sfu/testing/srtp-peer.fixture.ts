/**
 * An SDES-SRTP endpoint for tests, the encrypted sibling of RtpPeer: a UDP socket on 127.0.0.1 that
 * offers RTP/SAVP with an `a=crypto` line carrying its own random master key, learns the remote's key
 * from the answer (or offer) SDP, sends a G.711 µ-law tone encrypted with its key, and decrypts what
 * arrives with the remote's key. Packets whose authentication tag fails are dropped and counted, so a
 * test can tell "media arrived and was genuinely SRTP under the negotiated key" from anything else.
 *
 *   const peer = await SrtpPeer.open();
 *   const answer = await offerSomewhere(peer.sdp());
 *   peer.useRemoteCrypto(answer);
 *   await peer.sendTone(mediaAddressOf(answer), 25);
 */
import { decodeMulaw, encodeMulaw } from '../mixer/g711.js';
import { createSocket, type Socket } from 'node:dgram';
import { waitUntilCount, type MediaAddress, type RtpPacket } from './rtp-peer.fixture.js';
import { cryptoAttribute, cryptoAttributes, randomMasterKey, type SdesCrypto } from './srtp/sdes.fixture.js';
import { SrtpContext, rtpHeaderLength } from './srtp/srtp-context.fixture.js';
import type { MasterKey, SrtpSuite } from './srtp/srtp-crypto.fixture.js';

export { mediaAddressOf, mulawLevel } from './rtp-peer.fixture.js';

export interface SrtpPeerOptions {
  suite?: SrtpSuite;
  /** This peer's master key and salt; random unless given. */
  master?: MasterKey;
}

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz

export class SrtpPeer {
  /** Packets that authenticated under the remote's key, decrypted. */
  readonly received: RtpPacket[] = [];
  /** Packets dropped because their authentication tag did not verify. */
  authFailures = 0;
  /** Everything that arrived on the socket looking like SRTP, before any check. */
  arrived = 0;
  readonly local: SdesCrypto;
  private remote: SdesCrypto | undefined;
  private inbound: SrtpContext | undefined;
  private readonly outbound: SrtpContext;
  private readonly early: Buffer[] = [];
  private readonly streams = new Map<number, { sequence: number; frame: number }>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    options: SrtpPeerOptions,
  ) {
    const suite = options.suite ?? 'AES_CM_128_HMAC_SHA1_80';
    this.local = { tag: 1, suite, master: options.master ?? randomMasterKey() };
    this.outbound = new SrtpContext(this.local.master, { suite });
    socket.on('message', (data) => this.onPacket(data));
  }

  static async open(options: SrtpPeerOptions = {}): Promise<SrtpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new SrtpPeer(socket, options);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The remote's crypto attribute in use, once learned. */
  get remoteCrypto(): SdesCrypto | undefined {
    return this.remote;
  }

  /**
   * RTP/SAVP offer or answer SDP: PCMU and telephone-event on this socket, with this peer's key. As an
   * answer (after useRemoteCrypto on the offer) it carries the tag of the offer's line it accepted.
   */
  sdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv'): string {
    return [
      'v=0',
      `o=- ${this.port} 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.port} RTP/SAVP 0 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      cryptoAttribute({ ...this.local, tag: this.remote?.tag ?? this.local.tag }),
      `a=${direction}`,
      '',
    ].join('\r\n');
  }

  /**
   * Takes the remote's key from its SDP (the first crypto line of our suite) for decrypting what it
   * sends; packets that arrived before are decrypted now. Call it again with each new answer or offer.
   */
  useRemoteCrypto(sdp: string): SdesCrypto {
    const remote = cryptoAttributes(sdp).find((crypto) => crypto.suite === this.local.suite);
    if (!remote) throw new Error(`no a=crypto line with ${this.local.suite} in SDP:\n${sdp}`);
    const sameKey =
      this.remote &&
      Buffer.concat([this.remote.master.key, this.remote.master.salt]).equals(
        Buffer.concat([remote.master.key, remote.master.salt]),
      );
    this.remote = remote;
    // A re-INVITE that repeats the key keeps the streams' rollover counters; a new key starts afresh.
    if (!sameKey || !this.inbound) this.inbound = new SrtpContext(remote.master, { suite: remote.suite });
    for (const packet of this.early.splice(0)) this.unprotect(packet);
    this.wake();
    return remote;
  }

  /**
   * Sends `count` SRTP packets of a `toneHz` sine (µ-law) to `to`, one every 20 ms. A stream (SSRC)
   * goes on where its last tone ended, as a real endpoint's would, unless `firstSequence` says where
   * to start (near 65535 to make the rollover counter move).
   */
  async sendTone(
    to: MediaAddress,
    count: number,
    options: { toneHz?: number; ssrc?: number; firstSequence?: number } = {},
  ) {
    const toneHz = options.toneHz ?? 440;
    const ssrc = (options.ssrc ?? 0x5a5a0001) >>> 0;
    const stream = this.streams.get(ssrc) ?? { sequence: 0, frame: 0 };
    if (options.firstSequence !== undefined) stream.sequence = options.firstSequence;
    this.streams.set(ssrc, stream);
    for (let index = 0; index < count; index += 1) {
      const rtp = tonePacket({
        sequence: stream.sequence,
        frame: stream.frame,
        ssrc,
        toneHz,
        marker: index === 0,
      });
      this.socket.send(this.outbound.protect(rtp), to.port, to.address);
      stream.sequence += 1;
      stream.frame += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Resolves once `count` packets have been decrypted, or after `timeoutMs` with what there is. */
  async waitForPackets(count: number, timeoutMs = 3_000): Promise<RtpPacket[]> {
    await waitUntilCount(this.received, this.waiters, count, timeoutMs);
    return this.received;
  }

  close(): void {
    this.socket.close();
  }

  private onPacket(data: Buffer): void {
    if (rtpHeaderLength(data) === null) return; // STUN or other noise
    const payloadType = data[1]! & 0x7f;
    if (payloadType >= 72 && payloadType <= 79) return; // (S)RTCP
    this.arrived += 1;
    if (this.inbound) this.unprotect(data);
    else this.early.push(data);
    this.wake();
  }

  private unprotect(data: Buffer): void {
    const result = this.inbound!.unprotect(data);
    if (!result.ok) {
      this.authFailures += 1;
      return;
    }
    const packet = result.packet;
    this.received.push({
      payloadType: packet[1]! & 0x7f,
      sequence: packet.readUInt16BE(2),
      timestamp: packet.readUInt32BE(4),
      ssrc: packet.readUInt32BE(8),
      payload: packet.subarray(rtpHeaderLength(packet)!),
    });
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** A plain RTP packet (PCMU) carrying the `frame`th 20 ms of a tone: what SrtpPeer encrypts and sends. */
export function tonePacket(fields: {
  sequence: number;
  frame: number;
  ssrc: number;
  toneHz: number;
  marker?: boolean;
}): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = fields.marker ? 0x80 : 0x00; // payload type 0
  header.writeUInt16BE(fields.sequence & 0xffff, 2);
  header.writeUInt32BE((fields.frame * SAMPLES_PER_PACKET) >>> 0, 4);
  header.writeUInt32BE(fields.ssrc >>> 0, 8);
  return Buffer.concat([header, toneFrame(fields.frame, fields.toneHz)]);
}

/** One 20 ms packet of a sine at `toneHz`, amplitude 8000, in µ-law; `index` keeps the phase going. */
function toneFrame(index: number, toneHz: number): Buffer {
  const payload = Buffer.alloc(SAMPLES_PER_PACKET);
  for (let sample = 0; sample < SAMPLES_PER_PACKET; sample += 1) {
    const t = (index * SAMPLES_PER_PACKET + sample) / 8000;
    payload[sample] = encodeMulaw(Math.round(8000 * Math.sin(2 * Math.PI * toneHz * t)));
  }
  return payload;
}

/**
 * How much of the signal in µ-law payloads is a sine at `toneHz`: per packet, the Goertzel power at
 * that frequency over the packet's energy (1 for a pure tone, about 2/160 for noise such as payload
 * that was never decrypted), averaged. A level alone cannot tell a tone from ciphertext; this can.
 */
export function toneShare(payloads: readonly Buffer[], toneHz: number): number {
  if (payloads.length === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * toneHz) / 8000);
  let total = 0;
  for (const payload of payloads) {
    let [previous, beforePrevious, energy] = [0, 0, 0];
    for (const byte of payload) {
      const sample = decodeMulaw(byte);
      energy += sample * sample;
      [previous, beforePrevious] = [sample + coefficient * previous - beforePrevious, previous];
    }
    const power =
      previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    total += energy === 0 ? 0 : (2 * power) / (payload.length * energy);
  }
  return total / payloads.length;
}
