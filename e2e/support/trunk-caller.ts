/**
 * A caller on the demo trunk that can listen: a SIP stack on 127.0.0.1 (the trunk's allowed source) places
 * calls to a spawned Tandem, and each call has an RTP peer that talks (a steady G.711 µ-law tone) and keeps
 * every packet it receives, so a test can measure what the caller hears: the agent's voice, music on hold,
 * RFC 4733 events. SIPp cannot do that: it plays a pcap or echoes, but neither decodes nor counts what
 * arrives. Re-INVITEs from Tandem (the agent holds or resumes) are answered like a phone would.
 *
 *   const trunk = await startTrunkCaller(tandem);
 *   const call = await trunk.dial('+15550101');   // once answered; rejects with the status if refused
 *   const heard = await call.hears(440);   // packets, level and 440 Hz share of the next second
 *   const mark = call.mark();
 *   ... later: call.audioSince(mark), call.eventsSince(mark)
 *   await call.hangup();      // or: expect(await call.ended).toBe('remote-bye')
 *   await trunk.close();
 */
import type { SipStack } from '../../server/sip/sip-stack.js';
import type { Dialog } from '../../server/sip/dialog/dialog.js';
import type { DialogEndReason } from '../../server/sip/dialog/dialog-types.js';
import { startTestStack } from '../../server/sip/sip-stack.fixture.js';
import { decodePcmu, toneShare } from './tone-share.js';
import {
  mediaAddressOf,
  mulawLevel,
  RtpPeer,
  type MediaAddress,
  type RtpPacket,
} from '../../server/sfu/testing/rtp-peer.fixture.js';

/** The RTP payload types the caller's SDP offers: PCMU and telephone-event (RtpPeer.sdp()). */
export const PCMU_PAYLOAD_TYPE = 0;
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

/** RFC 4733 section 3.2: event codes 0-15. */
const EVENT_DIGITS = '0123456789*#ABCD';

export interface TrunkCallerOptions {
  /** The caller's tone (so it is not mistaken for the agent's 440 Hz microphone). Default 1000 Hz. */
  readonly toneHz?: number;
  /** The trunk's address; default 127.0.0.1, the demo trunk's allowed source (127.0.0.2 is a stranger). */
  readonly host?: string;
}

/** Tandem answered the INVITE with a final non-2xx. */
export class CallRefusedError extends Error {
  override readonly name = 'CallRefusedError';

  constructor(
    readonly status: number,
    readonly reason: string,
    /** The Retry-After header, if any. */
    readonly retryAfter: string | undefined,
  ) {
    super(`the call was refused: ${status} ${reason}`);
  }
}

export interface TrunkCaller {
  readonly stack: SipStack;
  /**
   * Calls `number` offering PCMU and telephone-event (or `sdp(port)`, the offer for the call's RTP port);
   * resolves once answered, rejects with CallRefusedError otherwise.
   */
  dial(number: string, options?: { sdp?: (port: number) => string }): Promise<TrunkCall>;
  /** Hangs up what is still up, stops talking, closes the sockets. Idempotent. */
  close(): Promise<void>;
}

export interface HeardByCaller {
  readonly packets: number;
  readonly level: number;
  readonly toneShare: number;
}

export class TrunkCall {
  /** How the dialog ended: `remote-bye` when Tandem hung up on the caller. */
  readonly ended: Promise<DialogEndReason>;
  /** The direction of each re-INVITE offer Tandem sent the caller, in order (`sendonly` for a hold). */
  readonly reinvites: string[] = [];
  private talking = true;
  private readonly talk: Promise<void>;
  private remote: MediaAddress;

  constructor(
    readonly dialog: Dialog,
    readonly peer: RtpPeer,
    answer: string,
    toneHz: number,
  ) {
    this.remote = mediaAddressOf(answer);
    this.ended = new Promise((resolve) => (dialog.delegate.onTerminated = resolve));
    dialog.delegate.onReinvite = (reinvite) => {
      const offer = reinvite.request.bodyText;
      const direction = /^a=(sendonly|recvonly|inactive|sendrecv)\s*$/m.exec(offer)?.[1] ?? 'sendrecv';
      this.reinvites.push(direction);
      if (offer) this.remote = mediaAddressOf(offer);
      // RFC 3264 section 6.1: an offer that only sends is answered recvonly, inactive with inactive.
      const answerDirection =
        direction === 'sendonly' ? 'recvonly' : direction === 'inactive' ? 'inactive' : 'sendrecv';
      reinvite.accept({ body: peer.sdp(answerDirection) });
    };
    void this.ended.then(() => (this.talking = false));
    this.talk = this.keepTalking(toneHz);
  }

  /** A position in what the caller received, for `audioSince` and `eventsSince`. */
  mark(): number {
    return this.peer.received.length;
  }

  /** The voice (PCMU) packets received since `mark`. */
  audioSince(mark: number): RtpPacket[] {
    return this.peer.received.slice(mark).filter((packet) => packet.payloadType === PCMU_PAYLOAD_TYPE);
  }

  /**
   * The RFC 4733 packets of the events that began after `mark`: the late end packets of an event that began
   * before it (sent three times, RFC 4733 section 2.5.1.4) are left out.
   */
  eventsSince(mark: number): RtpPacket[] {
    const isEvent = (packet: RtpPacket) => packet.payloadType === TELEPHONE_EVENT_PAYLOAD_TYPE;
    const received = this.peer.received;
    const earlier = new Set(
      received
        .slice(0, mark)
        .filter(isEvent)
        .map((packet) => packet.timestamp),
    );
    return received.slice(mark).filter((packet) => isEvent(packet) && !earlier.has(packet.timestamp));
  }

  /**
   * What the caller hears in the next `ms`: voice packets, their level (RMS, 16-bit units) and the share of
   * their energy at `toneHz` (tone-share.ts), e.g. an agent's 440 Hz microphone or the caller's own echo.
   */
  async hears(toneHz: number, ms = 1_000): Promise<HeardByCaller> {
    const mark = this.mark();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const audio = this.audioSince(mark);
    return {
      packets: audio.length,
      level: Math.round(mulawLevel(audio.map((packet) => packet.payload))),
      toneShare: Number(toneShare(decodePcmu(audio), toneHz).toFixed(3)),
    };
  }

  /** Stops sending the tone (the caller goes quiet; packets stop). */
  async stopTalking(): Promise<void> {
    this.talking = false;
    await this.talk;
  }

  /** BYE from the caller; resolves with Tandem's answer status (null if already ended). */
  async hangup(): Promise<number | null> {
    await this.stopTalking();
    const response = await this.dialog.bye();
    return response?.status ?? null;
  }

  private async keepTalking(toneHz: number): Promise<void> {
    while (this.talking) await this.peer.sendTone(this.remote, 5, { toneHz });
  }
}

/**
 * The digits RFC 4733 packets carry, in order, one per event: the packets of one event share its RTP
 * timestamp (RFC 4733 section 2.5.1.1: "the RTP timestamp ... MUST be the same for all packets of the event").
 * With `ended`, only the events whose end packet (E bit) arrived.
 */
export function digitsOf(events: readonly RtpPacket[], options: { ended?: boolean } = {}): string {
  const digits = new Map<number, { digit: string; ended: boolean }>();
  for (const packet of events) {
    const event = digits.get(packet.timestamp) ?? {
      digit: EVENT_DIGITS[packet.payload[0]!] ?? '?',
      ended: false,
    };
    event.ended ||= (packet.payload[1]! & 0x80) !== 0;
    digits.set(packet.timestamp, event);
  }
  return [...digits.values()]
    .filter((event) => !options.ended || event.ended)
    .map((event) => event.digit)
    .join('');
}

export async function startTrunkCaller(
  tandem: { readonly sip: { readonly udp: number } },
  options: TrunkCallerOptions = {},
): Promise<TrunkCaller> {
  // SIP timers as a carrier's (T1 500 ms), so that nothing is retransmitted before Tandem could answer.
  const host = options.host ?? '127.0.0.1';
  const stack = await startTestStack({
    protocols: ['udp'],
    host,
    timers: { T1: 500, T2: 4_000, T4: 5_000 },
  });
  const calls: TrunkCall[] = [];
  const peers: RtpPeer[] = [];
  let closing: Promise<void> | undefined;
  return {
    stack,
    async dial(number, dialOptions = {}) {
      const peer = await RtpPeer.open();
      peers.push(peer);
      const outcome = await stack.dialogs.invite({
        uri: `sip:${number}@127.0.0.1:${tandem.sip.udp}`,
        from: `"Ada Caller" <sip:+4930111222@${host}>`,
        to: `<sip:${number}@tandem.local>`,
        body: dialOptions.sdp?.(peer.port) ?? peer.sdp(),
      }).outcome;
      if (outcome.kind !== 'answered') {
        const { status, reason, headers } = outcome.response;
        throw new CallRefusedError(status, reason, headers.get('retry-after') ?? undefined);
      }
      const call = new TrunkCall(outcome.dialog, peer, outcome.response.bodyText, options.toneHz ?? 1_000);
      calls.push(call);
      return call;
    },
    close() {
      closing ??= (async () => {
        await Promise.all(calls.map((call) => call.hangup()));
        for (const peer of peers) peer.close();
        await stack.stop();
      })();
      return closing;
    },
  };
}
