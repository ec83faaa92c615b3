/**
 * The call model's vocabulary: a call is two legs (the caller's and the callee's SIP dialogs)
 * bridged through one media session. Its state only moves forward:
 *
 *   Routing --target found--> Ringing --callee answers--> Answered --either side hangs up--> Ended
 *      |                         |
 *      +-------------------------+--caller cancels, nobody answers, refused, media lost--> Ended
 */

export enum CallState {
  /** The caller's INVITE is in; the target is being chosen and the media plane prepared. */
  Routing = 'routing',
  /** An INVITE toward a callee is out. */
  Ringing = 'ringing',
  Answered = 'answered',
  Ended = 'ended',
}

/** Why a call ended, as stored in its record. */
export type CallEndReason =
  | 'caller-hangup'
  | 'callee-hangup'
  | 'caller-cancelled'
  | 'no-answer'
  | 'busy'
  | 'declined'
  | 'unavailable'
  | 'no-common-codec'
  | 'media-unavailable'
  | 'media-lost'
  /** An agent's desk went (its WebSocket closed) and did not come back within the grace period. */
  | 'connection-lost'
  | 'ack-timeout'
  | 'transfer-failed'
  /** The caller was handed to another call (attended transfer: the consult call carries on). */
  | 'transferred'
  | 'shutdown'
  /** The caller chose to be called back instead of waiting (a callback took their place). */
  | 'callback-requested'
  /** The IVR flow hung up on the caller (a hang-up step, or too many steps). */
  | 'flow-ended'
  | 'failed';

/** Who ended a call: the caller's side, the callee's side, or Tandem itself. */
export type HangupBy = 'caller' | 'callee' | 'system';

/** Events for clients and supervisors (the API forwards them over its WebSocket). */
export type CallEvent =
  | {
      readonly type: 'ringing';
      readonly callId: string;
      readonly target: string;
      readonly agentId: string | null;
    }
  | { readonly type: 'answered'; readonly callId: string; readonly agentId: string | null }
  | { readonly type: 'held' | 'resumed'; readonly callId: string; readonly by: 'caller' | 'callee' }
  | {
      /** Attended transfer: the caller of `callId` now talks to `to` in call `continuesIn`. */
      readonly type: 'transferred';
      readonly callId: string;
      readonly to: string;
      readonly agentId: string | null;
      readonly continuesIn: string;
    }
  | {
      readonly type: 'ended';
      readonly callId: string;
      readonly reason: CallEndReason;
      readonly by: HangupBy;
    };
