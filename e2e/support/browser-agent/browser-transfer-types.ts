/**
 * The transfer side of the agent test page's contract (see browser-agent-types.ts for the rest): what
 * page/call-transfer.dom.ts puts on `window.tandemTransfer`, and what it answers with. Types only.
 */

/** How a REFER the page sent went: the REFER's own answer, then each NOTIFY's sipfrag status (RFC 3515). */
export interface TransferProgress {
  /** 202 once accepted; the refusal's status otherwise; absent until answered. */
  readonly referStatus?: number;
  /** `SIP/2.0 100 Trying`, `SIP/2.0 200 OK`... as the status codes of the NOTIFYs received, in order. */
  readonly notified: readonly number[];
}

export interface TransferPageApi {
  /** REFER on the call with Refer-To `target` (a SIP URI): a blind transfer. Resolves once it is answered. */
  blind(callId: string, target: string): Promise<TransferProgress>;
  /**
   * REFER on the call with Refer-To naming the (established) consult call with `?Replaces=`, as SIP.js's
   * `session.refer(consultSession)` builds it: an attended transfer. Resolves once the REFER is answered.
   */
  attended(callId: string, consultCallId: string): Promise<TransferProgress>;
  /** The REFER's answer and the NOTIFYs so far. */
  progress(callId: string): TransferProgress;
  /** The Refer-To header of the last REFER the call sent, as it went on the wire. */
  lastReferTo(callId: string): string | undefined;
}

declare global {
  interface Window {
    tandemTransfer?: TransferPageApi;
  }
}
