/**
 * What an attended transfer (attended-transfer.ts) needs from the two calls it joins, implemented by
 * BridgedCall, and how it finds the consult call by the dialog a Replaces names.
 */
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { DialogId } from '../sip/dialog/dialog-types.js';
import type { SipRequest } from '../sip/message/index.js';
import type { CallRecordWriter } from './call-record-writer.js';
import type { LegMedia } from './media-profiles.js';

export type PartySide = 'caller' | 'callee';

/** One answered party of a call, as the call holds it. */
export interface CallParty {
  readonly leg: MediaLeg;
  readonly media: LegMedia;
  readonly dialog: Dialog;
  readonly agentId: string | null;
  /** `agent:bob`, `trunk:pstn`, `caller`: for records and logs. */
  readonly label: string;
}

/** The caller of one call, moved to another: its dialog, its latest SDP offer and its INVITE (its identity). */
export interface MovingCaller {
  readonly leg: MediaLeg;
  readonly media: LegMedia;
  readonly dialog: Dialog;
  readonly sdp: string;
  readonly request: SipRequest;
}

export interface ReplaceableCall {
  readonly id: string;
  readonly mediaSession: MediaSession;
  readonly record: CallRecordWriter;
  /** Answered and not ended: both parties are in their dialogs. */
  readonly isConnected: boolean;
  /** Which side `dialog` (our own dialog id: our tag local) is, or null. */
  sideOf(dialog: DialogId): PartySide | null;
  party(side: PartySide): CallParty | null;
  /** The caller's latest SDP offer and its INVITE. */
  callerOffer(): { readonly sdp: string; readonly request: SipRequest };
  /**
   * While a transfer runs, the transferring agent's side (`side`) may hang up without ending the call;
   * null when it is over. Returns false when the call is busy with another transfer or a conference.
   */
  holdForTransfer(side: PartySide | null): boolean;
  /** The consult call keeps its callee and takes `caller` (in its own media session) in place of the agent. */
  replaceCaller(caller: MovingCaller, fromCall: ReplaceableCall): void;
  /** The customer's call handed its caller to `toCall`: it ends for the agent alone (no BYE to the caller). */
  releaseCaller(toCall: ReplaceableCall, to: CallParty): void;
}

/** Finds the call one of whose dialogs has the id a Replaces header names (seen from our side). */
export type CallByDialog = (
  dialog: DialogId,
) => { readonly call: ReplaceableCall; readonly side: PartySide } | null;
