/**
 * How the softphone's calls get their media: SIP.js's WebRTC session description handler with
 * - no STUN or TURN servers: the agent talks to Tandem's media server directly, and SIP.js's default (a public
 *   STUN server) would send traffic off the machine;
 * - complete ICE gathering before the SDP is sent (Tandem does no trickle ICE), bounded by a short timeout;
 * - when the server is on loopback, only loopback candidates in what we send and accept
 *   (loopback-candidates.ts). SIP.js applies `sessionDescriptionHandlerModifiers` before gathering, when the
 *   offer has no candidates yet, so the outgoing description is changed where SIP.js reads it after gathering.
 */
import { Web, type SessionDescriptionHandlerFactory } from 'sip.js';
import { withChosenMicrophone } from '../devices/chosen-microphone.js';
import { keepLoopbackCandidates } from './loopback-candidates.js';

/**
 * SIP.js keeps one remote video track and stops the previous one when another arrives: a screen share of
 * the far end would end its camera's picture here (the decoder runs on, the <video> goes black). A call
 * carries a camera and a share at once, so every remote video track is kept; call-video.ts shows each.
 */
class MediaHandler extends Web.SessionDescriptionHandler {
  protected override setRemoteTrack(track: MediaStreamTrack): void {
    if (track.kind !== 'video') {
      super.setRemoteTrack(track);
      return;
    }
    const remote = this.remoteMediaStream;
    if (remote.getTrackById(track.id)) return;
    remote.addTrack(track);
    remote.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
  }
}

class LoopbackMediaHandler extends MediaHandler {
  protected override async getLocalSessionDescription(): Promise<RTCSessionDescription> {
    const description = await super.getLocalSessionDescription();
    const sdp = keepLoopbackCandidates(description.sdp);
    return { type: description.type, sdp, toJSON: () => ({ type: description.type, sdp }) };
  }

  protected override setRemoteSessionDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const sdp = description.sdp === undefined ? undefined : keepLoopbackCandidates(description.sdp);
    return super.setRemoteSessionDescription({ ...description, sdp });
  }
}

export interface MediaHandlerOptions {
  readonly loopbackOnly: boolean;
  /** Default 1 s: the server is close, and the agent is waiting for the answer to go out. */
  readonly iceGatheringTimeoutMs?: number;
  /** The agent's chosen microphone (devices slice), null for the default; read when a call opens it. */
  readonly microphoneId?: () => string | null;
}

export function mediaHandlerFactory(options: MediaHandlerOptions): SessionDescriptionHandlerFactory {
  const defaultFactory = Web.defaultMediaStreamFactory();
  const mediaStreamFactory = options.microphoneId
    ? withChosenMicrophone(defaultFactory, options.microphoneId)
    : defaultFactory;
  const Handler = options.loopbackOnly ? LoopbackMediaHandler : MediaHandler;
  return (session) =>
    new Handler(session.userAgent.getLogger('sip.SessionDescriptionHandler'), mediaStreamFactory, {
      iceGatheringTimeout: options.iceGatheringTimeoutMs ?? 1_000,
      peerConnectionConfiguration: { ...Web.defaultPeerConnectionConfiguration(), iceServers: [] },
    });
}
