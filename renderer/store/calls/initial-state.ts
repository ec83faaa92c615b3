/**
 * The agent's current call, as the softphone service sees it through SIP.js:
 *
 * ```
 *   ringing --answer--> connecting --media up--> active --hang up / BYE--> ended
 *      |                    |                      ^ |
 *      |                    |                      | +--hold/resume, mute/unmute, keys, transfer, consult,
 *      |                    |                      |    conference, recording pause/resume
 *      +--decline, caller gives up, failure--------+-----------------------------> ended
 * ```
 * A call the agent places starts `ringing` too (direction `outgoing`, with a `progress`), and goes straight to
 * `active` when answered.
 * An ended call stays shown (with why it ended) until the next call rings or the agent dismisses it.
 */
import type { CallVideoState } from './video-state.js';

export type CallPhase = 'ringing' | 'connecting' | 'active' | 'ended';

/** Why the call ended, for the words shown after it. */
export type CallEnding = 'local-hangup' | 'remote-hangup' | 'declined' | 'missed' | 'transferred' | 'failed';

/** What Tandem said about a queue caller on the INVITE (X-Tandem-Queue, -Waited, -Ivr). */
export interface OfferContext {
  readonly queue: string | null;
  /** Seconds the caller had waited in the queue when the call was offered. */
  readonly waitedSeconds: number | null;
  /** The caller's IVR menu choices, `step=key`, in order. */
  readonly ivrChoices: readonly string[];
}

/**
 * A consult call the agent placed while the customer holds (consultative transfer):
 *
 * ```
 *   calling --answered--> talking --complete (REFER with Replaces)--> (the customer's call ends: transferred)
 *      |                     |
 *      +--refused, cancel----+--return to caller (BYE)--> none: the customer is resumed
 * ```
 */
export type ConsultPhase = 'calling' | 'talking';

/** A call the agent placed, before the answer: being tried, or ringing at the far end (180/183). */
export type DialProgress = 'calling' | 'ringing';

export interface ConsultCall {
  /** What the agent chose: a name from the directory, or the number typed. */
  readonly target: string;
  readonly phase: ConsultPhase;
  /** A completion or a return the network has not answered yet. */
  readonly busy: boolean;
}

export interface CurrentCall {
  /** The softphone's own id of the SIP session. */
  readonly id: string;
  /** Tandem's call id (`X-Tandem-Call-Id`), for the API's call actions; null when the INVITE had none. */
  readonly serverCallId: string | null;
  readonly direction: 'incoming' | 'outgoing';
  /** The caller's number (or SIP user) and name, as the INVITE's From says. */
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly phase: CallPhase;
  /** Epoch ms. */
  readonly offeredAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly held: boolean;
  readonly muted: boolean;
  /** A hold, resume or transfer the far end has not answered yet. */
  readonly busy: boolean;
  readonly ending: CallEnding | null;
  /** The last action the network refused (hold, transfer, keys), for a short message. */
  readonly refusal: string | null;
  /** Queue, wait and IVR choices; null for a call that did not come through a queue. */
  readonly context: OfferContext | null;
  /** The consult call of a consultative transfer, while there is one. */
  readonly consult: ConsultCall | null;
  /** Whether the server's recording of this call is paused (null: not known to be recorded). */
  readonly recordingPaused: boolean | null;
  /** Parties added to the call by conference, as the agent named them. */
  readonly conferenceParties: readonly string[];
  /** A placed call before the answer: tried or ringing (null for incoming calls and once answered). */
  readonly progress: DialProgress | null;
  /** The final status with which the far end refused a placed call (486, 480, 404...), else null. */
  readonly dialRefusedWith: number | null;
  /** Camera, screen share and the far end's video (video-state.ts). */
  readonly video: CallVideoState;
}

export interface CallsState {
  readonly current: CurrentCall | null;
}

export const initialCallsState: CallsState = { current: null };
