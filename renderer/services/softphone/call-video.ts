/**
 * Video on one call of the softphone: the agent's camera on and off, a screen (or window) share started and
 * stopped, and the far end's video, each change offered in a re-INVITE on the call's own peer connection.
 *
 * - Camera on: a camera track on the call's video transceiver (the one the far end's camera already arrives
 *   on, if any; a new one otherwise) set to send, then a re-INVITE. RFC 3264 section 8.2: "New media streams
 *   are created by new additional media descriptions below the existing ones". Camera off: the track stops
 *   and the transceiver only receives, so the far end's camera keeps showing.
 * - Share: `getDisplayMedia` on a transceiver of its own (sendonly); stopping it stops that transceiver, so
 *   the next offer carries its m-line with port 0 (RFC 8829 section 5.2.2), and a re-INVITE says so.
 * - A party that takes no video (a trunk caller, a desk phone) answers our video m-line with port 0
 *   (RFC 3264 section 6: "To reject an offered stream, the port number in the corresponding stream in the
 *   answer MUST be set to zero"): the camera or share is then `unavailable` and the call goes on.
 */
import type { Session } from 'sip.js';
import type { CallsActions } from '../../store/calls/actions.js';
import type { VideoSendState } from '../../store/calls/video-state.js';

/** The far end's video arriving on one m-line, for a <video> element. */
export interface RemoteVideo {
  readonly mid: string;
  readonly stream: MediaStream;
}

/** How the call's video reaches the network; the real one is SIP.js's session (see CallSession). */
export interface VideoCallLink {
  readonly id: string;
  peerConnection(): RTCPeerConnection | undefined;
  /** Sends a re-INVITE with the peer connection as it is now; resolves when the far end accepted it. */
  reinvite(what: string): Promise<void>;
  /** `getUserMedia` / `getDisplayMedia`, replaceable in tests. */
  readonly media: Pick<MediaDevices, 'getUserMedia' | 'getDisplayMedia'>;
}

/** `m=video 0 ...` in the remote description for this mid: the far end refused the stream. */
export function refusedInRemote(sdp: string | undefined, mid: string | null): boolean {
  if (sdp === undefined || mid === null) return false;
  for (const section of sdp.split(/\r?\n(?=m=)/).slice(1)) {
    if (new RegExp(`^a=mid:${mid.replace(/[^\w-]/g, '\\$&')}\\s*$`, 'm').test(section))
      return /^m=\S+ 0 /.test(section);
  }
  return false;
}

/**
 * Whether the far end's video arrives on this transceiver: negotiated to receive, and its track unmuted.
 * A remote track stays muted until media arrives on it (W3C WebRTC section 5.3: "unmute" fires when
 * packets arrive), so a party without a camera that still answers `sendrecv` shows no black picture.
 */
const receivesVideo = (transceiver: RTCRtpTransceiver) =>
  (transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'recvonly') &&
  !transceiver.receiver.track.muted;

export class CallVideo {
  private camera: { transceiver: RTCRtpTransceiver; track: MediaStreamTrack } | undefined;
  private share: { transceiver: RTCRtpTransceiver; track: MediaStreamTrack } | undefined;
  private cameraState: VideoSendState = 'off';
  private screenState: VideoSendState = 'off';
  private readonly streams = new Map<string, MediaStream>();
  private selfStream: MediaStream | null = null;
  private watched: RTCPeerConnection | undefined;
  private readonly watchedTracks = new WeakSet<MediaStreamTrack>();
  private closed = false;

  constructor(
    private readonly link: VideoCallLink,
    private readonly calls: CallsActions,
  ) {}

  /** Turns the camera on or off; rejects with a readable reason (the call stays up). */
  async setCamera(on: boolean): Promise<void> {
    if (on) await this.cameraOn();
    else await this.cameraOff();
  }

  async startScreenShare(): Promise<void> {
    this.requireSettled(this.screenState, 'screen share');
    if (this.screenState === 'on') return;
    const pc = this.requirePeerConnection();
    this.moveScreen('starting');
    let track: MediaStreamTrack | undefined;
    try {
      const display = await this.link.media.getDisplayMedia({ video: true, audio: false });
      track = display.getVideoTracks()[0];
      if (!track) throw new Error('the screen share gave no picture');
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [display] });
      this.share = { transceiver, track };
      // The browser's own "Stop sharing" button ends the track.
      track.addEventListener('ended', () => void this.stopScreenShare().catch(() => undefined));
      await this.link.reinvite('screen share');
      if (this.refused(transceiver)) {
        this.dropShare();
        this.moveScreen('unavailable');
        throw new Error('the other party takes no video');
      }
      this.moveScreen('on');
    } catch (error) {
      if (this.screenState === 'starting') {
        track?.stop();
        this.dropShare();
        this.moveScreen('off', 'screen-failed');
      }
      throw error instanceof Error ? error : new Error(String(error));
    } finally {
      this.refreshRemote();
    }
  }

  async stopScreenShare(): Promise<void> {
    if (this.screenState !== 'on' || !this.share) return;
    this.moveScreen('stopping');
    this.dropShare();
    try {
      await this.link.reinvite('screen share stop');
    } finally {
      this.moveScreen('off');
      this.refreshRemote();
    }
  }

  /** What the agent's camera sends, for her own preview; null while it is off. */
  selfView(): MediaStream | null {
    const track = this.camera?.track;
    if (!track || track.readyState === 'ended') return null;
    if (this.selfStream?.getVideoTracks()[0] !== track) this.selfStream = new MediaStream([track]);
    return this.selfStream;
  }

  /** The far end's video, one stream per m-line it arrives on. */
  remoteVideos(): RemoteVideo[] {
    const pc = this.link.peerConnection();
    if (!pc) return [];
    return pc
      .getTransceivers()
      .filter((transceiver) => transceiver.receiver.track.kind === 'video' && transceiver.mid !== null)
      .filter((transceiver) => transceiver !== this.share?.transceiver)
      .filter((transceiver) => receivesVideo(transceiver) && !this.refused(transceiver))
      .map((transceiver) => {
        const mid = transceiver.mid!;
        let stream = this.streams.get(mid);
        if (stream?.getVideoTracks()[0] !== transceiver.receiver.track) {
          stream = new MediaStream([transceiver.receiver.track]);
          this.streams.set(mid, stream);
        }
        return { mid, stream };
      });
  }

  /** Reads again which video arrives: after any offer/answer, ours or the far end's. */
  refreshRemote(): void {
    if (this.closed) return;
    this.watch();
    this.calls.remoteVideoChanged(
      this.link.id,
      this.remoteVideos().map((video) => video.mid),
    );
  }

  /** The call ended: the camera and the share stop. May be called twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.camera?.track.stop();
    this.share?.track.stop();
    this.camera = undefined;
    this.share = undefined;
    this.streams.clear();
  }

  private async cameraOn(): Promise<void> {
    this.requireSettled(this.cameraState, 'camera');
    if (this.cameraState === 'on') return;
    const pc = this.requirePeerConnection();
    this.moveCamera('starting');
    let track: MediaStreamTrack | undefined;
    try {
      const stream = await this.link.media.getUserMedia({ audio: false, video: true });
      track = stream.getVideoTracks()[0];
      if (!track) throw new Error('the camera gave no picture');
      const transceiver = this.cameraTransceiver(pc);
      if (transceiver) {
        await transceiver.sender.replaceTrack(track);
        transceiver.direction = 'sendrecv';
        this.camera = { transceiver, track };
      } else {
        this.camera = { transceiver: pc.addTransceiver(track, { direction: 'sendrecv' }), track };
      }
      await this.link.reinvite('camera on');
      if (this.refused(this.camera.transceiver)) {
        this.stopCameraTrack();
        this.moveCamera('unavailable');
        throw new Error('the other party takes no video');
      }
      this.moveCamera('on');
    } catch (error) {
      if (this.cameraState === 'starting') {
        track?.stop();
        this.stopCameraTrack();
        this.moveCamera('off', 'camera-failed');
      }
      throw error instanceof Error ? error : new Error(String(error));
    } finally {
      this.refreshRemote();
    }
  }

  private async cameraOff(): Promise<void> {
    if (this.cameraState !== 'on' || !this.camera) return;
    this.moveCamera('stopping');
    const { transceiver } = this.camera;
    this.stopCameraTrack();
    try {
      await transceiver.sender.replaceTrack(null);
      // Still receiving: the far end's camera keeps showing.
      transceiver.direction = 'recvonly';
      await this.link.reinvite('camera off');
    } finally {
      this.moveCamera('off');
      this.refreshRemote();
    }
  }

  /** A video transceiver we can send the camera on: not the share's, not stopped, sending nothing yet. */
  private cameraTransceiver(pc: RTCPeerConnection): RTCRtpTransceiver | undefined {
    return pc
      .getTransceivers()
      .find(
        (transceiver) =>
          transceiver !== this.share?.transceiver &&
          transceiver.receiver.track.kind === 'video' &&
          transceiver.currentDirection !== 'stopped' &&
          transceiver.direction !== 'stopped' &&
          !this.refused(transceiver) &&
          transceiver.sender.track === null,
      );
  }

  private refused(transceiver: RTCRtpTransceiver): boolean {
    if (transceiver.currentDirection === 'stopped' || transceiver.direction === 'stopped') return true;
    return refusedInRemote(this.link.peerConnection()?.remoteDescription?.sdp, transceiver.mid);
  }

  private stopCameraTrack(): void {
    this.camera?.track.stop();
    this.camera = undefined;
  }

  private dropShare(): void {
    if (!this.share) return;
    this.share.track.stop();
    if (this.share.transceiver.currentDirection !== 'stopped') this.share.transceiver.stop();
    this.share = undefined;
  }

  private watch(): void {
    const pc = this.link.peerConnection();
    if (!pc) return;
    if (pc !== this.watched) {
      this.watched = pc;
      pc.addEventListener('track', () => this.refreshRemote());
    }
    // Video starts to show when its first packets arrive, and goes when they stop.
    for (const transceiver of pc.getTransceivers()) {
      const track = transceiver.receiver.track;
      if (track.kind !== 'video' || this.watchedTracks.has(track)) continue;
      this.watchedTracks.add(track);
      track.addEventListener('unmute', () => this.refreshRemote());
      track.addEventListener('mute', () => this.refreshRemote());
    }
  }

  private requirePeerConnection(): RTCPeerConnection {
    const pc = this.link.peerConnection();
    if (!pc || this.closed) throw new Error('the call is not up');
    return pc;
  }

  private requireSettled(state: VideoSendState, what: string): void {
    if (state === 'unavailable') throw new Error(`the other party takes no video (${what})`);
    if (state === 'starting' || state === 'stopping') throw new Error(`the ${what} is changing already`);
  }

  private moveCamera(state: VideoSendState, problem?: 'camera-failed'): void {
    this.cameraState = state;
    this.calls.videoSendChanged(this.link.id, 'camera', state, problem);
  }

  private moveScreen(state: VideoSendState, problem?: 'screen-failed'): void {
    this.screenState = state;
    this.calls.videoSendChanged(this.link.id, 'screen', state, problem);
  }
}

/** The link of a SIP.js session: its peer connection and a re-INVITE that resolves on the 2xx. */
export function sessionVideoLink(
  id: string,
  session: Session,
  peerConnection: () => RTCPeerConnection | undefined,
): VideoCallLink {
  return {
    id,
    peerConnection,
    // Read when used: the page's devices (there is no navigator where the service is merely built).
    get media() {
      return navigator.mediaDevices;
    },
    reinvite: (what) =>
      new Promise<void>((resolve, reject) => {
        session
          .invite({
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: (response) =>
                reject(new Error(`${what}: re-INVITE refused with ${response.message.statusCode}`)),
            },
          })
          .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))));
      }),
  };
}
