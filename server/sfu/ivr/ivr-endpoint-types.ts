/**
 * The IVR endpoint's contract with the calls layer: how it is opened, what it reports.
 *
 *   const ivr = await IvrEndpoint.open({ logger, ports });   // ports: the process's UdpPortPool
 *   // ivr.sdp() goes to rtpengine for the caller's leg (offer or answer), then:
 *   ivr.setRemote(mediaAddressOf(sdpFromRtpengine));
 *   const playback = ivr.play([welcome, menu], { bargeIn: true });
 *   ivr.on('playbackFinished', (id, how) => runner.handle({ kind: 'prompt-finished', playback }));
 *   ivr.on('dtmf', (key) => runner.handle({ kind: 'digit', digit: key }));
 *   await ivr.close();
 */
import type { Logger } from '../../shared/logger.js';
import type { TickerClock } from '../mixer/frame-ticker.js';
import type { G711PayloadType } from '../mixer/g711.js';
import type { UdpPortPool } from '../mixer/udp-port-pool.js';

export interface MediaAddress {
  address: string;
  port: number;
}

export interface IvrEndpointOptions {
  logger: Logger;
  /** For logs: the call id. */
  id?: string;
  /** Where the socket comes from; share one pool per process. Default: 127.0.0.1, any port. */
  ports?: UdpPortPool;
  /** The codec sent toward the caller: 0 PCMU (default) or 8 PCMA. Prompts are stored as µ-law. */
  payloadType?: G711PayloadType;
  /** RFC 4733 telephone-event payload type in our SDP. Default 101. */
  telephoneEventPayloadType?: number;
  /** rtpengine's address for the leg; without it the endpoint latches on to the first packet's source. */
  remote?: MediaAddress | null;
  clock?: TickerClock;
  /** A key with no end packet is taken as ended after this long without its packets. Default 300 ms. */
  keyQuietMs?: number;
}

/** How a playback ended: played to the end, cut short by a key (barge-in), or stopped by the host. */
export type PlaybackEnd = 'completed' | 'interrupted' | 'stopped';

export interface IvrEndpointEvents {
  /** A key press ended (RFC 4733), reported once. */
  dtmf: [key: string, durationMs: number];
  /** A key went down while a barge-in playback played: the playback stops (then playbackFinished). */
  bargeIn: [key: string];
  playbackFinished: [playback: number, how: PlaybackEnd];
  latched: [remote: MediaAddress];
  closed: [];
}

export interface IvrEndpointStats {
  packetsOut: number;
  /** Audio packets from the caller (not used, counted to show media flows). */
  audioIn: number;
  telephoneEventsIn: number;
  keys: number;
  /** Packets from a stranger, of an unknown payload type, or not RTP. */
  dropped: number;
}
