/**
 * The calls slice's actions for calls the agent places (progress before the answer, a refusal's status)
 * and for video on the current call. Built by createCallsActions with its `onCall` helper, so that news of
 * another (stale) session is ignored here too.
 */
import type { CurrentCall, DialProgress } from './initial-state.js';
import { moveVideo, type VideoProblem, type VideoSendState } from './video-state.js';

export interface OutgoingAndVideoActions {
  /** The placed call is being tried (`calling`) or the far end rings (`ringing`, 180/183). */
  dialProgress(id: string, progress: DialProgress): void;
  /** The server named the placed call (`X-Tandem-Call-Id` on its 18x or 200), for the call actions. */
  serverCallIdKnown(id: string, serverCallId: string): void;
  /** The far end refused the placed call with this final status (486 busy, 480, 404...). */
  dialRefused(id: string, status: number): void;
  /** The camera or the screen share moved; `problem` says why it went back to off, if it failed. */
  videoSendChanged(
    id: string,
    what: 'camera' | 'screen',
    state: VideoSendState,
    problem?: VideoProblem,
  ): void;
  /** The mids on which the far end's video arrives now. */
  remoteVideoChanged(id: string, mids: readonly string[]): void;
}

type OnCall = (id: string, change: (call: CurrentCall) => CurrentCall) => void;

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

export function createOutgoingAndVideoActions(onCall: OnCall): OutgoingAndVideoActions {
  return {
    dialProgress: (id, progress) =>
      onCall(id, (call) =>
        call.direction === 'outgoing' && call.phase === 'ringing' && call.progress !== progress
          ? { ...call, progress }
          : call,
      ),
    serverCallIdKnown: (id, serverCallId) =>
      onCall(id, (call) =>
        call.direction === 'outgoing' && call.serverCallId === null ? { ...call, serverCallId } : call,
      ),
    // SIP.js ends the session before it hands the refusal over: the status may reach an ended call.
    dialRefused: (id, status) =>
      onCall(id, (call) =>
        call.direction === 'outgoing' && call.answeredAt === null && call.dialRefusedWith === null
          ? { ...call, dialRefusedWith: status, progress: null }
          : call,
      ),
    videoSendChanged: (id, what, state, problem) =>
      onCall(id, (call) => {
        if (call.phase !== 'active') return call;
        const moved = moveVideo(call.video[what], state);
        if (moved === call.video[what] && problem === undefined) return call;
        return { ...call, video: { ...call.video, [what]: moved, problem: problem ?? null } };
      }),
    remoteVideoChanged: (id, mids) =>
      onCall(id, (call) =>
        call.phase === 'ended' || sameList(call.video.remoteVideos, mids)
          ? call
          : { ...call, video: { ...call.video, remoteVideos: [...mids] } },
      ),
  };
}
