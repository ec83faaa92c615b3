/**
 * The SDP a mixer participant's port describes, for the calls layer to give rtpengine: plain
 * RTP/AVP on loopback, one G.711 codec and RFC 4733 telephone-event, 20 ms packets, sendrecv
 * whatever the role (roles change without renegotiation: a listener's audio is simply not mixed).
 *
 *   v=0
 *   o=- <session> <version> IN IP4 127.0.0.1
 *   s=Tandem mixer
 *   c=IN IP4 127.0.0.1
 *   t=0 0
 *   m=audio <port> RTP/AVP 0 101
 *   a=rtpmap:0 PCMU/8000
 *   a=rtpmap:101 telephone-event/8000
 *   a=fmtp:101 0-16
 *   a=ptime:20
 *   a=rtcp:<port>
 *   a=sendrecv
 *
 * `a=rtcp` (RFC 3605) sends the peer's RTCP to the RTP port itself, where the mixer drops it, so a
 * participant needs one socket, not two. The same body serves as offer and as answer.
 */
import { PCMU, type G711PayloadType } from './g711.js';
import { FRAME_MS } from './mix-bus.js';

export interface MixerSdpOptions {
  address: string;
  port: number;
  payloadType: G711PayloadType;
  /** null: no telephone-event line. */
  telephoneEventPayloadType: number | null;
  /** The o= line's session id; keep it for the participant's lifetime. */
  sessionId: number;
  /** Bump on every changed body (RFC 3264 section 8). */
  version?: number;
}

export function mixerSdp(options: MixerSdpOptions): string {
  const { address, port, payloadType, telephoneEventPayloadType: event } = options;
  const formats = event === null ? `${payloadType}` : `${payloadType} ${event}`;
  const lines = [
    'v=0',
    `o=- ${options.sessionId} ${options.version ?? 1} IN IP4 ${address}`,
    's=Tandem mixer',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${formats}`,
    `a=rtpmap:${payloadType} ${payloadType === PCMU ? 'PCMU' : 'PCMA'}/8000`,
    ...(event === null ? [] : [`a=rtpmap:${event} telephone-event/8000`, `a=fmtp:${event} 0-16`]),
    `a=ptime:${FRAME_MS}`,
    `a=rtcp:${port}`,
    'a=sendrecv',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
