/**
 * The agent's current call, as the softphone service sees it through SIP.js:
 *
 * ```
 *   ringing --answer--> connecting --media up--> active --hang up / BYE--> ended
 *      |                    |                      ^ |
 *      |                    |                      | +--hold/resume, mute/unmute, keys, transfer
 *      +--decline, caller gives up, failure--------+-----------------------------> ended
 * ```
 * An ended call stays shown (with why it ended) until the next call rings or the agent dismisses it.
 */
export type CallPhase = 'ringing' | 'connecting' | 'active' | 'ended';

/** Why the call ended, for the words shown after it. */
export type CallEnding = 'local-hangup' | 'remote-hangup' | 'declined' | 'missed' | 'transferred' | 'failed';

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
}

export interface CallsState {
  readonly current: CurrentCall | null;
}

export const initialCallsState: CallsState = { current: null };
