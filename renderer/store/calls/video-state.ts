/**
 * Video on the current call: the agent's camera, the agent's screen share, and the far end's video.
 *
 * The camera and the screen share each follow the same machine; every move is a re-INVITE (RFC 3264
 * section 8: a new offer in the same dialog adds, changes or removes a stream):
 *
 * ```
 *           turn on                 answer takes it
 *   off ------------> starting ---------------------> on
 *    ^                  |  |                           |
 *    |   refused, no    |  | answer refuses it         | turn off
 *    +--camera, failed--+  | (port 0)                  v
 *    |                     v                        stopping --accepted or refused--> off
 *    |                unavailable (the party takes no video; final for this call)
 *    +-----------------------------------------------------------------------------------+
 * ```
 * A refused re-INVITE or a camera the browser will not open goes back to `off` and leaves a `problem`
 * for the agent to read; the call itself is never touched by it.
 */
export type VideoSendState = 'off' | 'starting' | 'on' | 'stopping' | 'unavailable';

/** What went wrong with the last camera or screen-share move, for a short message. */
export type VideoProblem = 'camera-failed' | 'screen-failed';

export interface CallVideoState {
  readonly camera: VideoSendState;
  readonly screen: VideoSendState;
  /** The m-line ids (mids) on which the far end's video arrives now, camera and shares alike. */
  readonly remoteVideos: readonly string[];
  readonly problem: VideoProblem | null;
}

export const initialCallVideo: CallVideoState = {
  camera: 'off',
  screen: 'off',
  remoteVideos: [],
  problem: null,
};

const allowedVideoMoves: Readonly<Record<VideoSendState, readonly VideoSendState[]>> = {
  off: ['starting'],
  starting: ['on', 'off', 'unavailable'],
  on: ['stopping', 'off', 'unavailable'],
  stopping: ['off'],
  unavailable: [],
};

/** The one place a camera or share state changes; an illegal move leaves it as it was. */
export function moveVideo(from: VideoSendState, to: VideoSendState): VideoSendState {
  return allowedVideoMoves[from].includes(to) ? to : from;
}

/** Whether the agent may start (or stop) the camera or a share now. */
export const videoSettled = (state: VideoSendState): boolean => state === 'off' || state === 'on';
