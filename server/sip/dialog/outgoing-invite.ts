/**
 * The UAC side of an initial INVITE (RFC 3261 13.2): provisional responses, the 2xx that creates
 * the dialog (ACKed here, 13.2.2.4), forks (RFC 3261 13.2.2.4 and 19.3: a later 2xx with another To
 * tag is ACKed and ended with a BYE, since a B2BUA leg wants one peer), failure, and CANCEL (9.1),
 * which is only sent once a provisional response has arrived.
 *
 *   Calling --1xx--> Proceeding --2xx--> Answered
 *      |                  +--300-699, timeout, transport error--> Failed
 *      +--cancel()--> Cancelled (the outcome resolves at once; a late 2xx is ACKed and BYEd)
 */
import { generateTag, SipHeaders, SipRequest, type SipResponse } from '../message/index.js';
import type { InviteClientTransaction } from '../transaction/client-transactions.js';
import type { Destination } from '../transaction/transaction-types.js';
import { appendContent, Dialog, type DialogContext } from './dialog.js';
import { DialogState, type MessageContent } from './dialog-types.js';
import { localResponse, sendRequest } from './request-sender.js';

export type InviteOutcome =
  | { readonly kind: 'answered'; readonly dialog: Dialog; readonly response: SipResponse }
  /** A final non-2xx, or a local 408 (no answer), 503 (unreachable) or 487 (we cancelled). */
  | { readonly kind: 'failed'; readonly response: SipResponse };

export interface OutgoingInviteDelegate {
  /** 180 Ringing, 183 with early media (SDP in the body)...; never 100 Trying. */
  onProgress?(response: SipResponse): void;
}

export interface OutgoingInviteOptions extends MessageContent {
  /** Request-URI. */
  readonly uri: string;
  /** From, without a tag: `"Support" <sip:+15550100@tandem.local>`. */
  readonly from: string;
  /** To, without a tag. */
  readonly to: string;
  readonly callId?: string;
  /** Route headers (a preloaded route set, e.g. toward a trunk's proxy). */
  readonly routes?: readonly string[];
}

export interface OutgoingInviteContext extends DialogContext {
  adopt(dialog: Dialog): void;
}

type Phase = 'calling' | 'proceeding' | 'answered' | 'failed' | 'cancelled';

export class OutgoingInvite {
  delegate: OutgoingInviteDelegate = {};
  readonly request: SipRequest;
  readonly outcome: Promise<InviteOutcome>;
  private phase: Phase = 'calling';
  private resolveOutcome!: (outcome: InviteOutcome) => void;
  private transaction: InviteClientTransaction | null = null;
  private cancelWanted: string | null = null;
  private cancelSent = false;
  private dialog: Dialog | null = null;
  /** Dialogs of other forks that answered too, kept until their BYE is sent. */
  private readonly extraForks = new Set<string>();

  constructor(
    private readonly context: OutgoingInviteContext,
    request: SipRequest,
  ) {
    this.request = request;
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
  }

  static build(context: OutgoingInviteContext, options: OutgoingInviteOptions, callId: string): SipRequest {
    const headers = new SipHeaders();
    for (const route of options.routes ?? []) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', `${options.from};tag=${generateTag()}`);
    headers.append('To', options.to);
    headers.append('Call-ID', callId);
    headers.append('CSeq', `${1 + Math.floor(Math.random() * 10_000)} INVITE`);
    for (const [name, value] of context.requestHeaders('INVITE')) headers.append(name, value);
    appendContent(headers, options);
    return new SipRequest({ method: 'INVITE', uri: options.uri, headers, body: options.body });
  }

  get state(): Phase {
    return this.phase;
  }

  /** Sends the INVITE to `destination`; the Contact is chosen for the transport it goes over. */
  start(destination: Destination): void {
    const protocol = 'flow' in destination ? destination.flow.protocol : destination.protocol;
    const flow = 'flow' in destination ? destination.flow : null;
    this.request.headers.append('Contact', this.context.contactFor(flow, protocol));
    const sent = sendRequest(this.context.transactions, this.request, destination, {
      onProvisional: (response) => this.provisional(response),
      onInvite2xx: (response) => this.answered(response),
    });
    this.transaction = sent.transaction as InviteClientTransaction;
    void sent.final.then((response) => {
      if (response.status >= 300) this.fail(response);
    });
  }

  /** The destination could not be found: the INVITE fails as a 503 without being sent. */
  unreachable(error: Error): void {
    this.fail(localResponse(this.request, 503, error.message));
  }

  /**
   * Gives up the call. The outcome resolves now (a local 487); the CANCEL goes out as soon as the
   * callee has answered provisionally (RFC 3261 9.1: "a CANCEL [...] SHOULD NOT be sent" before).
   */
  cancel(reason = 'SIP;cause=487;text="Caller cancelled"'): void {
    if (this.phase !== 'calling' && this.phase !== 'proceeding') return;
    const wasProceeding = this.phase === 'proceeding';
    this.phase = 'cancelled';
    this.cancelWanted = reason;
    this.resolveOutcome({ kind: 'failed', response: localResponse(this.request, 487, 'cancelled') });
    if (wasProceeding) this.sendCancel();
  }

  private provisional(response: SipResponse): void {
    if (this.phase === 'cancelled') {
      this.sendCancel();
      return;
    }
    if (this.phase !== 'calling' && this.phase !== 'proceeding') return;
    this.phase = 'proceeding';
    // 100 Trying is hop-by-hop: it permits a CANCEL (9.1) but says nothing about the callee.
    if (response.status > 100) this.delegate.onProgress?.(response);
  }

  private sendCancel(): void {
    if (this.cancelSent || !this.transaction || this.cancelWanted === null) return;
    this.cancelSent = true;
    this.context.transactions.sendCancel(
      this.transaction,
      {
        onResponse: () => undefined,
        onTimeout: () => undefined,
        onTransportError: () => undefined,
      },
      this.cancelWanted,
    );
  }

  /** Every 2xx: the first creates the dialog; retransmissions are ACKed again; other forks end. */
  private answered(response: SipResponse): void {
    const toTag = response.toTag ?? '';
    if (this.dialog && this.dialog.id.remoteTag === toTag) {
      this.dialog.ackInvite(response, this.request.cseq.seq);
      return;
    }
    const dialog = this.createDialog(response);
    dialog.ackInvite(response, this.request.cseq.seq);
    if (this.phase === 'calling' || this.phase === 'proceeding') {
      this.phase = 'answered';
      this.dialog = dialog;
      this.context.adopt(dialog);
      this.resolveOutcome({ kind: 'answered', dialog, response });
      return;
    }
    // We cancelled but the callee answered first, or another fork answered: ACK, then BYE.
    if (this.extraForks.has(toTag)) return;
    this.extraForks.add(toTag);
    this.context.logger.debug({ callId: this.request.callId, toTag }, 'ending an unwanted answer');
    void dialog.bye();
  }

  private createDialog(response: SipResponse): Dialog {
    const contact = response.contacts[0];
    return new Dialog(this.context, {
      id: {
        callId: this.request.callId,
        localTag: this.request.fromTag ?? '',
        remoteTag: response.toTag ?? '',
      },
      role: 'uac',
      state: DialogState.Confirmed,
      localAddress: this.request.headers.get('from') ?? '',
      remoteAddress: response.headers.get('to') ?? '',
      localSeq: this.request.cseq.seq,
      remoteSeq: null,
      remoteTarget: contact ? contact.uri : this.request.uri,
      // 12.1.2: "The route set MUST be set to the list of URIs in the Record-Route header field
      // from the response, taken in reverse order".
      routeSet: [...response.headers.getAll('record-route')].reverse(),
      flow: this.transaction?.flow ?? null,
    });
  }

  private fail(response: SipResponse): void {
    if (this.phase !== 'calling' && this.phase !== 'proceeding') return;
    this.phase = 'failed';
    this.resolveOutcome({ kind: 'failed', response });
  }
}
