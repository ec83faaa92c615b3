/**
 * The UAS side of an INVITE (RFC 3261 13.3), initial or re-INVITE: provisional responses, the 2xx
 * that creates (or refreshes) the dialog and is retransmitted until its ACK arrives (13.3.1.4),
 * rejection, and CANCEL (9.2) answered with 487.
 *
 *   Pending --accept--> Accepted --ACK--> Confirmed
 *      |                   +--no ACK in 64*T1--> Failed (the dialog is ended with a BYE)
 *      +--reject--> Rejected      +--CANCEL--> Cancelled
 */
import { createResponse, generateTag, type SipRequest, type SipResponse } from '../message/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { Flow } from '../transport/transport-types.js';
import { appendContent, Dialog, type DialogContext } from './dialog.js';
import {
  DialogState,
  type InviteRequest,
  type InviteRequestDelegate,
  type MessageContent,
} from './dialog-types.js';

export type IncomingInviteState = 'pending' | 'accepted' | 'confirmed' | 'rejected' | 'cancelled' | 'failed';

export interface IncomingInviteContext extends DialogContext {
  /** Headers every response of ours carries (Allow, Supported, Server). */
  responseHeaders(): readonly (readonly [string, string])[];
  /** A dialog created by our 2xx to an initial INVITE is registered so in-dialog requests find it. */
  adopt(dialog: Dialog): void;
}

export class IncomingInvite implements InviteRequest {
  delegate: InviteRequestDelegate = {};
  private currentState: IncomingInviteState = 'pending';
  private readonly localTag: string;
  private currentDialog: Dialog | null;
  private retransmitTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly context: IncomingInviteContext,
    readonly request: SipRequest,
    readonly transaction: ServerTransaction,
    readonly flow: Flow,
    /** The dialog a re-INVITE arrived in; null for an initial INVITE. */
    dialog: Dialog | null,
  ) {
    this.currentDialog = dialog;
    this.localTag = dialog?.id.localTag ?? generateTag();
    if (dialog) dialog.incomingInvitePending = true;
    transaction.events = {
      onCancel: (cancel) => this.cancelled(cancel),
      onTransportError: () => this.finish('failed'),
    };
  }

  get state(): IncomingInviteState {
    return this.currentState;
  }

  get isReinvite(): boolean {
    return this.request.toTag !== undefined;
  }

  /** The dialog: the existing one for a re-INVITE, the new one once an initial INVITE is accepted. */
  get dialog(): Dialog | null {
    return this.currentDialog;
  }

  progress(status = 180, content: MessageContent = {}): void {
    if (status < 101 || status > 199) throw new RangeError(`not a provisional status: ${status}`);
    if (this.currentState !== 'pending') return;
    this.transaction.send(this.response(status, undefined, content, true));
  }

  accept(content: MessageContent = {}): Dialog {
    if (this.currentState !== 'pending') {
      throw new Error(`cannot accept an INVITE that is ${this.currentState}`);
    }
    const dialog = this.currentDialog ?? this.createDialog();
    dialog.confirm();
    const response = this.response(200, undefined, content, true);
    this.currentState = 'accepted';
    dialog.incomingInvitePending = false;
    dialog.expectAck(this.request.cseq.seq, (ack) => this.acknowledged(ack));
    this.transaction.send(response);
    this.retransmitUntilAcked(response, dialog);
    return dialog;
  }

  reject(status: number, reason?: string, content: MessageContent = {}): void {
    if (status < 300 || status > 699) throw new RangeError(`not a rejection status: ${status}`);
    if (this.currentState !== 'pending') return;
    this.transaction.send(this.response(status, reason, content, false));
    this.finish('rejected');
  }

  private createDialog(): Dialog {
    const request = this.request;
    const contact = request.contacts[0];
    const dialog = new Dialog(this.context, {
      id: { callId: request.callId, localTag: this.localTag, remoteTag: request.fromTag ?? '' },
      role: 'uas',
      state: DialogState.Early,
      localAddress: `${request.headers.get('to') ?? ''};tag=${this.localTag}`,
      remoteAddress: request.headers.get('from') ?? '',
      localSeq: Math.floor(Math.random() * 10_000),
      remoteSeq: request.cseq.seq,
      remoteTarget: contact ? contact.uri : request.uri,
      // 12.1.1: "The route set MUST be set to the list of URIs in the Record-Route header field
      // from the request, taken in order and preserving all URI parameters."
      routeSet: request.headers.getAll('record-route'),
      flow: this.flow,
    });
    this.currentDialog = dialog;
    this.context.adopt(dialog);
    return dialog;
  }

  private response(
    status: number,
    reason: string | undefined,
    content: MessageContent,
    withContact: boolean,
  ): SipResponse {
    const headers: [string, string][] = [];
    if (withContact) {
      // 12.1.1: "the UAS MUST copy all Record-Route header field values from the request".
      for (const route of this.request.headers.getAll('record-route')) headers.push(['Record-Route', route]);
      headers.push(['Contact', this.context.contactFor(this.flow, this.flow.protocol)]);
    }
    for (const [name, value] of this.context.responseHeaders()) headers.push([name, value]);
    const response = createResponse(this.request, status, reason, { toTag: this.localTag, headers });
    appendContent(response.headers, content);
    if (content.body !== undefined) response.body = content.body;
    return response;
  }

  /** 13.3.1.4: T1, doubling up to T2, until the ACK; after 64*T1 the session ends with a BYE. */
  private retransmitUntilAcked(response: SipResponse, dialog: Dialog): void {
    const { T1, T2 } = this.context.timers;
    const started = Date.now();
    const reliable = this.flow.reliable;
    const step = (interval: number) => {
      this.retransmitTimer = setTimeout(
        () => {
          if (this.currentState !== 'accepted') return;
          if (Date.now() - started >= 64 * T1) {
            this.context.logger.info({ dialog: dialog.id }, 'no ACK for our 2xx: ending the session');
            dialog.stopExpectingAck(this.request.cseq.seq);
            this.finish('failed');
            void dialog.bye({}, 'ack-timeout');
            return;
          }
          if (!reliable) this.transaction.send(response);
          step(reliable ? 64 * T1 : Math.min(interval * 2, T2));
        },
        reliable ? 64 * T1 : interval,
      );
      this.retransmitTimer.unref?.();
    };
    step(T1);
  }

  private acknowledged(ack: SipRequest): void {
    if (this.currentState !== 'accepted') return;
    this.finish('confirmed');
    this.delegate.onConfirmed?.(ack);
  }

  private cancelled(cancel: SipRequest): void {
    if (this.currentState !== 'pending') return;
    // 9.2: "the UAS SHOULD respond to the INVITE with a 487 (Request Terminated)".
    this.transaction.send(this.response(487, undefined, {}, false));
    this.finish('cancelled');
    this.delegate.onCancel?.(cancel);
  }

  private finish(state: IncomingInviteState): void {
    if (this.currentState === 'confirmed' || this.currentState === 'rejected') return;
    this.currentState = state;
    if (this.retransmitTimer) clearTimeout(this.retransmitTimer);
    this.retransmitTimer = null;
    if (this.currentDialog) this.currentDialog.incomingInvitePending = false;
  }
}
