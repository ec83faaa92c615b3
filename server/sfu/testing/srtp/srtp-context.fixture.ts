/**
 * One SRTP cryptographic context (RFC 3711 section 3.2) for one direction: it protects the RTP packets
 * a peer sends, or unprotects those it receives, per SSRC, keeping the rollover counter (ROC) that
 * extends the 16-bit sequence number to the 48-bit packet index (section 3.3.1).
 *
 * Not here, because tests do not need them: MKI, key derivation rate other than 0, replay protection,
 * SRTCP.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  applyKeystream,
  authTag,
  deriveSessionKeys,
  TAG_LENGTH,
  type MasterKey,
  type SessionKeys,
  type SrtpSuite,
} from './srtp-crypto.fixture.js';

export type UnprotectResult =
  { ok: true; packet: Buffer; roc: number } | { ok: false; reason: 'malformed' | 'auth' };

export interface SrtpContextOptions {
  suite?: SrtpSuite;
  /** The ROC a stream starts with (0 unless key management said otherwise). */
  initialRoc?: number;
}

interface StreamState {
  roc: number;
  /** s_l: the highest sequence number seen (authenticated) with this ROC. */
  highest: number;
}

const HALF = 0x8000; // 2^15

export class SrtpContext {
  readonly suite: SrtpSuite;
  private readonly keys: SessionKeys;
  private readonly initialRoc: number;
  private readonly streams = new Map<number, StreamState>();

  constructor(master: MasterKey, options: SrtpContextOptions = {}) {
    this.suite = options.suite ?? 'AES_CM_128_HMAC_SHA1_80';
    this.initialRoc = options.initialRoc ?? 0;
    this.keys = deriveSessionKeys(master);
  }

  /** Encrypts the payload of a plain RTP packet and appends the authentication tag. */
  protect(rtp: Buffer): Buffer {
    const headerLength = rtpHeaderLength(rtp);
    if (headerLength === null) throw new Error('not an RTP packet');
    const ssrc = rtp.readUInt32BE(8);
    const sequence = rtp.readUInt16BE(2);
    const roc = this.estimateRoc(ssrc, sequence);
    this.update(ssrc, sequence, roc);
    const payload = applyKeystream(this.keys, ssrc, roc, sequence, rtp.subarray(headerLength));
    const authenticated = Buffer.concat([rtp.subarray(0, headerLength), payload]);
    return Buffer.concat([authenticated, authTag(this.keys, this.suite, authenticated, roc)]);
  }

  /** Checks the tag, then decrypts; the ROC is only updated by packets that authenticate. */
  unprotect(srtp: Buffer): UnprotectResult {
    const tagLength = TAG_LENGTH[this.suite];
    const headerLength = rtpHeaderLength(srtp);
    if (headerLength === null || srtp.length < headerLength + tagLength) {
      return { ok: false, reason: 'malformed' };
    }
    const ssrc = srtp.readUInt32BE(8);
    const sequence = srtp.readUInt16BE(2);
    const roc = this.estimateRoc(ssrc, sequence);
    const authenticated = srtp.subarray(0, srtp.length - tagLength);
    const expected = authTag(this.keys, this.suite, authenticated, roc);
    if (!timingSafeEqual(expected, srtp.subarray(srtp.length - tagLength)))
      return { ok: false, reason: 'auth' };
    this.update(ssrc, sequence, roc);
    const payload = applyKeystream(this.keys, ssrc, roc, sequence, authenticated.subarray(headerLength));
    return { ok: true, roc, packet: Buffer.concat([authenticated.subarray(0, headerLength), payload]) };
  }

  /** The ROC of a stream as last updated, or undefined for an SSRC not seen yet. */
  rocOf(ssrc: number): number | undefined {
    return this.streams.get(ssrc)?.roc;
  }

  /**
   * RFC 3711 3.3.1: v, the ROC this SEQ most likely belongs to, is the one that puts the packet index
   * closest to the highest one seen: ROC - 1 for a late packet from before a wrap, ROC + 1 for one after.
   */
  private estimateRoc(ssrc: number, sequence: number): number {
    const state = this.streams.get(ssrc);
    if (!state) return this.initialRoc;
    if (state.highest < HALF) {
      return sequence - state.highest > HALF ? (state.roc - 1) >>> 0 : state.roc;
    }
    return state.highest - HALF > sequence ? (state.roc + 1) >>> 0 : state.roc;
  }

  private update(ssrc: number, sequence: number, roc: number): void {
    const state = this.streams.get(ssrc);
    if (!state) {
      this.streams.set(ssrc, { roc, highest: sequence });
    } else if (roc === (state.roc + 1) >>> 0) {
      state.roc = roc;
      state.highest = sequence;
    } else if (roc === state.roc && sequence > state.highest) {
      state.highest = sequence;
    }
  }
}

/** Length of the RTP header (fixed part, CSRCs, extension), or null if this is no RTP packet. */
export function rtpHeaderLength(packet: Buffer): number | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  let length = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < length + 4) return null;
    length += 4 + 4 * packet.readUInt16BE(length + 2);
  }
  return length <= packet.length ? length : null;
}
