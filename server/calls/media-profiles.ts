/**
 * How rtpengine rewrites SDP toward each kind of leg. The ng options of an offer describe the SDP
 * that goes to the recipient; those of an answer, the SDP that goes back to the offerer.
 *
 * - A SIP phone or trunk speaks plain RTP (RTP/AVP), no ICE, RTCP on its own port, G.711/G.722;
 *   one that offers SDES-SRTP (RTP/SAVP with a=crypto, as Teams and many carriers) gets SRTP back.
 * - A WebRTC client (SIP.js over WebSocket) needs ICE, DTLS-SRTP (UDP/TLS/RTP/SAVPF) and rtcp-mux;
 *   rtpengine offers it Opus only when told to transcode always (DESIGN.md), first, with G.711
 *   kept after it as the fallback. Video (VP8, H.264) passes through untouched: rtpengine
 *   transcodes no video, so these flags act on audio only; a trunk or phone is refused video
 *   (video-media.ts).
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
  // Opus first, G.711 after it: `transcode` alone appends Opus behind the offerer's codecs and Chromium
  // takes the first it supports (PCMU). Masking all (the offerer's codecs stay accepted on its side for
  // transcoding) and listing them again in `transcode` makes rtpengine 10.5 emit them in this order;
  // codecs the offer had are restored as they were, not transcoded. A video m-line keeps its codecs.
  codec: { mask: ['all'], transcode: ['opus', 'PCMU', 'PCMA', 'telephone-event'] },
};

/**
 * Between two WebRTC parties (agent to agent) media passes through: both speak Opus. Transcoding
 * Opus to Opus (forced by `always-transcode` or `inject-DTMF`) reaches the other browser as packets
 * of silence in rtpengine 10.5 (Chromium 156 measures no audio energy), so neither flag is set, and
 * rtpengine plays no DTMF between two browsers.
 */
const WEBRTC_TO_WEBRTC: NgSdpOptions = {
  ...WEBRTC,
  flags: ['trust-address', 'generate-mid'],
  codec: undefined,
};

/** Options for an offer whose SDP goes to a leg of this kind. */
const PROFILES: Record<LegMedia, NgSdpOptions> = { rtp: RTP, srtp: SRTP, webrtc: WEBRTC };

/** Whether an SDP body comes from a WebRTC party: DTLS-SRTP (RFC 8827) on its audio. */
export function isWebRtcSdp(sdp: string): boolean {
  return /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m.test(sdp);
}

function profile(media: LegMedia, fromSdp: string | undefined): NgSdpOptions {
  if (media === 'webrtc' && fromSdp !== undefined && isWebRtcSdp(fromSdp)) return WEBRTC_TO_WEBRTC;
  return PROFILES[media];
}

/** Options for an offer whose SDP goes to a leg of this kind; `offerSdp` is the offer rtpengine is given. */
export function offerToward(media: LegMedia, offerSdp?: string): NgSdpOptions {
  return profile(media, offerSdp);
}

/** Options for an answer whose SDP goes back to a leg of this kind; `answerSdp` is the answer rtpengine is given. */
export function answerToward(media: LegMedia, answerSdp?: string): NgSdpOptions {
  // The answer cannot add codecs the offer lacked: no transcode list. Nor does it force a DTLS role:
  // when a browser offers (`a=setup:actpass`: an agent calling, a re-INVITE), rtpengine 10.5 takes the
  // active role toward it at once; `passive` in the answer resets that side, the handshake never
  // completes and rtpengine logs "SRTP output wanted, but no crypto suite was negotiated" (seen with
  // Chromium 156). Left alone, it answers `a=setup:active` and keeps the role it has on re-offers.
  const { codec: _codec, dtls: _dtls, ...rest } = profile(media, answerSdp);
  return rest;
}
