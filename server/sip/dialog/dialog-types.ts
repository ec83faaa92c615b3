/**
 * Types of the dialog layer (RFC 3261 section 12) and its contract with the layers above (calls):
 * a dialog calls upward only through `DialogDelegate`.
 */
import type { SipRequest } from '../message/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';

/** RFC 3261 12: "A dialog is identified [...] by a Call-ID, a local tag and a remote tag." */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

export enum DialogState {
  /** Created by a provisional response with a To tag; ends with the INVITE's final response. */
  Early = 'early',
  /** Created or confirmed by a 2xx. */
  Confirmed = 'confirmed',
  Terminated = 'terminated',
}

/** Why a dialog ended, for logs and call records. */
export type DialogEndReason =
  /** The peer sent BYE. */
  | 'remote-bye'
  /** We sent BYE. */
  | 'local-bye'
  /** RFC 3261 13.3.1.4: our 2xx was never acknowledged within 64*T1. */
  | 'ack-timeout'
  /** RFC 3261 12.2.1.2: a 481 or 408 to an in-dialog request ends the dialog. */
  | 'peer-gone'
  /** The INVITE that would have confirmed an early dialog failed or was cancelled. */
  | 'early-failed'
  /**
   * The WebSocket the peer was reached on closed, and within the grace period the peer neither sent a
   * request on a new one nor registered its Contact again (a browser desk closed or crashed).
   */
  | 'flow-lost'
  /** The SIP stack is stopping. */
  | 'shutdown';

/** Where the owner of a dialog (a call leg) learns what the peer does. */
export interface DialogDelegate {
  /** A re-INVITE (RFC 3261 14.2). Without a handler it is refused with 488. */
  onReinvite?(invite: InviteRequest): void;
  /**
   * Any other in-dialog request but BYE and ACK: UPDATE, INFO, REFER, NOTIFY, MESSAGE... The
   * handler must answer it through `transaction`. Without a handler: 501.
   */
  onRequest?(request: SipRequest, transaction: ServerTransaction): void;
  /** The ACK for our 2xx to the initial INVITE or a re-INVITE, with its body (a late answer). */
  onAck?(ack: SipRequest): void;
  /** Called once. For `remote-bye` the 200 to the BYE is already sent. */
  onTerminated?(reason: DialogEndReason): void;
}

/** Headers and body for a request or response the layers above build. */
export interface MessageContent {
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Buffer | string;
  /** Content-Type of the body; `application/sdp` when a body is given without one. */
  readonly contentType?: string;
}

/** What the owner of an incoming INVITE (initial or re-INVITE) does with it. */
export interface InviteRequest {
  readonly request: SipRequest;
  /** A provisional response (180 Ringing, 183 Session Progress with early media...). */
  progress(status?: number, content?: MessageContent): void;
  /** A 2xx with our Contact; retransmitted until the ACK arrives (RFC 3261 13.3.1.4). */
  accept(content?: MessageContent): void;
  /** A final non-2xx response. */
  reject(status: number, reason?: string, content?: MessageContent): void;
  delegate: InviteRequestDelegate;
}

export interface InviteRequestDelegate {
  /** The caller cancelled; the 487 is already sent (RFC 3261 9.2). */
  onCancel?(cancel: SipRequest): void;
  /** The ACK for our 2xx arrived, with its body if the offer was in the 2xx. */
  onConfirmed?(ack: SipRequest): void;
}
