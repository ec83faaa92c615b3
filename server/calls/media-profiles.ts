/**
 * How rtpengine rewrites SDP toward each kind of leg. The ng options of an offer describe the SDP
 * that goes to the recipient; those of an answer, the SDP that goes back to the offerer.
 *
 * - A SIP phone or trunk speaks plain RTP (RTP/AVP), no ICE, RTCP on its own port, G.711/G.722;
 *   one that offers SDES-SRTP (RTP/SAVP with a=crypto, as Teams and many carriers) gets SRTP back.
 * - A WebRTC client (SIP.js over WebSocket) needs ICE, DTLS-SRTP (UDP/TLS/RTP/SAVPF) and rtcp-mux;
 *   rtpengine offers it Opus only when told to transcode always (DESIGN.md), with G.711 kept as
 *   the fallback.
 */
import type { NgSdpOptions } from '../sfu/ng/ng-types.js';
import type { Flow } from '../sip/transport/transport-types.js';

export type LegMedia = 'rtp' | 'srtp' | 'webrtc';

/**
 * A leg reached over a WebSocket is a browser or Electron client: WebRTC. Otherwise its own SDP
 * (when it offered one) says whether it wants SDES-SRTP.
 */
export function legMediaOf(flow: Flow | null, sdp?: string): LegMedia {
  if (flow?.protocol === 'ws' || flow?.protocol === 'wss') return 'webrtc';
  return sdp !== undefined && /^m=audio \d+ RTP\/SAVP /m.test(sdp) ? 'srtp' : 'rtp';
}

const RTP: NgSdpOptions = {
  transportProtocol: 'RTP/AVP',
  ice: 'remove',
  rtcpMux: ['demux'],
  // inject-DTMF: without it rtpengine answers `play DTMF` with ok and sends nothing (dtmf-relay.ts).
  flags: ['trust-address', 'inject-DTMF'],
  replace: ['origin', 'session-connection'],
};

const SRTP: NgSdpOptions = {
  ...RTP,
  transportProtocol: 'RTP/SAVP',
  sdes: ['only-AES_CM_128_HMAC_SHA1_80'],
};

const WEBRTC: NgSdpOptions = {
  transportProtocol: 'UDP/TLS/RTP/SAVPF',
  ice: 'force',
  dtls: 'passive',
  rtcpMux: ['offer', 'require'],
  flags: ['trust-address', 'always-transcode', 'generate-mid', 'inject-DTMF'],
  replace: ['origin', 'session-connection'],
  codec: { transcode: ['opus'] },
};

/** Options for an offer whose SDP goes to a leg of this kind. */
const PROFILES: Record<LegMedia, NgSdpOptions> = { rtp: RTP, srtp: SRTP, webrtc: WEBRTC };

export function offerToward(media: LegMedia): NgSdpOptions {
  return PROFILES[media];
}

/** Options for an answer whose SDP goes back to a leg of this kind. */
export function answerToward(media: LegMedia): NgSdpOptions {
  // The answer cannot add codecs the offer lacked: no transcode list, the rest as for an offer.
  const { codec: _codec, ...rest } = PROFILES[media];
  return rest;
}
