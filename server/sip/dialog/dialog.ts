/**
 * A dialog (RFC 3261 section 12): the peer-to-peer relationship an INVITE creates, with its state
 * (Call-ID, tags, local and remote CSeq, remote target, route set) and the flow it is reached on.
 * It builds in-dialog requests (12.2.1.1), checks incoming ones (12.2.2), refreshes its target
 * (re-INVITE, UPDATE), ACKs 2xx responses (13.2.2.4) and ends with BYE (section 15).
 *
 *   Early --2xx--> Confirmed --BYE sent or received, 481/408, ACK timeout--> Terminated
 *     +----------------------INVITE failed or cancelled---------------------------^
 */
import type { Logger } from '../../shared/logger.js';
import {
  formatUri,
  isSipUri,
  MAX_CSEQ,
  parseNameAddr,
  SipHeaders,
  SipRequest,
  type SipResponse,
  type Uri,
} from '../message/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Destination, TimerValues } from '../transaction/transaction-types.js';
import type { Flow, TransportProtocol } from '../transport/transport-types.js';
import {
  DialogState,
  dialogKey,
  type DialogDelegate,
  type DialogEndReason,
  type DialogId,
  type MessageContent,
} from './dialog-types.js';
import { destinationFor, nextHopUri, transportOf } from './next-hop.js';
import { localResponse, sendRequest } from './request-sender.js';

/** What a dialog needs from the layer that owns it. */
export interface DialogContext {
  readonly transactions: TransactionLayer;
  readonly timers: TimerValues;
  readonly logger: Logger;
  isOpen(flow: Flow): boolean;
  /** Our Contact header value for messages on this flow (or, without one, this transport). */
  contactFor(flow: Flow | null, protocol: TransportProtocol): string;
  /** User-Agent, Allow, Supported... for requests we send. */
  requestHeaders(method: string): readonly (readonly [string, string])[];
  resolve?: (host: string) => Promise<string>;
  /** The dialog ended: the layer forgets it. */
  forget(dialog: Dialog): void;
}

export interface DialogInit {
  readonly id: DialogId;
  readonly role: 'uac' | 'uas';
  readonly state: DialogState.Early | DialogState.Confirmed;
  /** Our From (UAC) or To (UAS) value, with our tag. */
  readonly localAddress: string;
  /** The peer's, with its tag. */
  readonly remoteAddress: string;
  readonly localSeq: number;
  readonly remoteSeq: number | null;
  readonly remoteTarget: Uri;
  /** Route header values for our requests, in the order they are sent. */
  readonly routeSet: readonly string[];
  readonly flow: Flow | null;
}

/** Methods whose Contact refreshes the remote target (RFC 3261 12.2, RFC 3311, RFC 3515). */
const TARGET_REFRESH = new Set(['INVITE', 'UPDATE']);
const CARRIES_CONTACT = new Set(['INVITE', 'UPDATE', 'REFER', 'SUBSCRIBE', 'NOTIFY']);

export class Dialog {
  readonly id: DialogId;
  readonly key: string;
  readonly role: 'uac' | 'uas';
  delegate: DialogDelegate = {};
  private currentState: DialogState;
  private localSeq: number;
  private remoteSeq: number | null;
  private target: Uri;
  private readonly routeSet: readonly string[];
  private readonly localAddress: string;
  private readonly remoteAddress: string;
  private currentFlow: Flow | null;
  /** UAC: the ACK sent for each INVITE CSeq, re-sent when the 2xx is retransmitted. */
  private readonly acks = new Map<number, SipRequest>();
  /** UAS: who waits for the ACK of our 2xx, by INVITE CSeq. */
  private readonly ackWaiters = new Map<number, (ack: SipRequest) => void>();
  private inviteOut = false;
  private inviteIn = false;
  private endReason: DialogEndReason | null = null;
  /** Running while the peer's WebSocket is gone and it may still come back (flowClosed). */
  private flowLossTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly context: DialogContext,
    init: DialogInit,
  ) {
    this.id = init.id;
    this.key = dialogKey(init.id);
    this.role = init.role;
    this.currentState = init.state;
    this.localAddress = init.localAddress;
    this.remoteAddress = init.remoteAddress;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.target = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.currentFlow = init.flow;
  }

  get state(): DialogState {
    return this.currentState;
  }

  get remoteTarget(): Uri {
    return this.target;
  }

  get flow(): Flow | null {
    return this.currentFlow;
  }

  get terminationReason(): DialogEndReason | null {
    return this.endReason;
  }

  /** An INVITE of ours on this dialog waits for its final response (glare, RFC 3261 14.1). */
  get hasOutgoingInvite(): boolean {
    return this.inviteOut;
  }

  /** A re-INVITE from the peer waits for our final response (RFC 3261 14.2). */
  get hasIncomingInvite(): boolean {
    return this.inviteIn;
  }

  set incomingInvitePending(pending: boolean) {
    this.inviteIn = pending;
  }

  /** Early -> Confirmed, when the 2xx for the dialog's INVITE is sent or received. */
  confirm(): void {
    if (this.currentState === DialogState.Early) this.currentState = DialogState.Confirmed;
  }

  /**
   * An in-dialog request (RFC 3261 12.2.1.1): Request-URI and Route from the remote target and the
   * route set (strict routers get the RFC 2543 treatment), From/To/Call-ID of the dialog, and the
   * next local CSeq (an ACK reuses the number of its INVITE).
   */
  createRequest(method: string, content: MessageContent = {}, ackOfSeq?: number): SipRequest {
    let uri = this.target;
    let routes = [...this.routeSet];
    const first = routes[0];
    const firstUri = first === undefined ? undefined : parseNameAddr(first, 'Route').uri;
    if (firstUri !== undefined && isSipUri(firstUri) && !firstUri.params.has('lr')) {
      // RFC 3261 12.2.1.1: a strict router is the Request-URI; the remote target goes last.
      uri = firstUri;
      routes = [...routes.slice(1), `<${formatUri(this.target)}>`];
    }
    let seq: number;
    if (method === 'ACK' && ackOfSeq !== undefined) seq = ackOfSeq;
    else {
      if (this.localSeq >= MAX_CSEQ) throw new RangeError('CSeq space of the dialog is exhausted');
      seq = ++this.localSeq;
    }
    const headers = new SipHeaders();
    for (const route of routes) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', this.localAddress);
    headers.append('To', this.remoteAddress);
    headers.append('Call-ID', this.id.callId);
    headers.append('CSeq', `${seq} ${method}`);
    if (CARRIES_CONTACT.has(method)) {
      headers.append('Contact', this.context.contactFor(this.currentFlow, this.protocol));
    }
    for (const [name, value] of this.context.requestHeaders(method)) headers.append(name, value);
    appendContent(headers, content);
    return new SipRequest({ method, uri, headers, body: content.body });
  }

  /** Sends a non-INVITE request in the dialog and resolves with its final response. */
  async request(method: string, content: MessageContent = {}): Promise<SipResponse> {
    if (method === 'INVITE' || method === 'ACK' || method === 'CANCEL') {
      throw new TypeError(`${method} is not sent with Dialog.request`);
    }
    this.assertUsable(method);
    const request = this.createRequest(method, content);
    const response = await this.send(request);
    this.afterResponse(request, response);
    return response;
  }

  /**
   * A re-INVITE (RFC 3261 14.1): refused locally with 491 while another INVITE is pending in either
   * direction. The 2xx is ACKed here; the answer to an offer in the 2xx goes with the ACK only
   * when the caller puts it in `ackContent`.
   */
  async reinvite(content: MessageContent = {}, ackContent?: MessageContent): Promise<SipResponse> {
    this.assertUsable('INVITE');
    const request = this.createRequest('INVITE', content);
    if (this.inviteOut || this.inviteIn) {
      return localResponse(request, 491, 'another INVITE is pending on this dialog');
    }
    this.inviteOut = true;
    try {
      const destination = await this.destination();
      const sent = sendRequest(this.context.transactions, request, destination, {
        onInvite2xx: (response) => this.ackInvite(response, request.cseq.seq, ackContent),
      });
      const response = await sent.final;
      this.afterResponse(request, response);
      return response;
    } catch (error) {
      return localResponse(request, 503, (error as Error).message);
    } finally {
      this.inviteOut = false;
    }
  }

  /**
   * Ends the dialog with a BYE (RFC 3261 15.1.1): the session is over as soon as it is sent, so the
   * dialog terminates at once; the promise tells how the peer answered. Idempotent: later calls
   * resolve with null.
   */
  async bye(
    content: MessageContent = {},
    reason: DialogEndReason = 'local-bye',
  ): Promise<SipResponse | null> {
    if (this.currentState === DialogState.Terminated) return null;
    const request = this.createRequest('BYE', content);
    this.terminate(reason);
    try {
      return await this.send(request);
    } catch (error) {
      return localResponse(request, 503, (error as Error).message);
    }
  }

  /** UAC: ACKs a 2xx to an INVITE of this dialog; a retransmitted 2xx gets the same ACK again. */
  ackInvite(response: SipResponse, inviteSeq: number, content?: MessageContent): void {
    const existing = this.acks.get(inviteSeq);
    const ack = existing ?? this.createRequest('ACK', content ?? {}, inviteSeq);
    if (!existing) {
      this.acks.set(inviteSeq, ack);
      if (this.acks.size > 4) this.acks.delete(this.acks.keys().next().value!);
      const contact = response.contacts[0];
      if (contact) this.target = contact.uri;
    }
    void this.destination()
      .then((destination) => this.context.transactions.sendStateless(ack, destination))
      .then((flow) => this.useFlow(flow))
      .catch((error: Error) => this.context.logger.debug({ err: error, dialog: this.key }, 'ACK not sent'));
  }

  /** UAC: a 2xx retransmitted after its transaction ended (RFC 6026 Timer M passed). */
  resendAck(response: SipResponse): boolean {
    const seq = response.cseq.seq;
    if (!this.acks.has(seq)) return false;
    this.ackInvite(response, seq);
    return true;
  }

  /** UAS: `onAck` is called with the ACK for our 2xx to the INVITE with this CSeq. */
  expectAck(inviteSeq: number, onAck: (ack: SipRequest) => void): void {
    this.ackWaiters.set(inviteSeq, onAck);
  }

  stopExpectingAck(inviteSeq: number): void {
    this.ackWaiters.delete(inviteSeq);
  }

  receiveAck(ack: SipRequest): void {
    const waiter = this.ackWaiters.get(ack.cseq.seq);
    if (!waiter) return; // a retransmitted ACK, or one for a 2xx we no longer track
    this.ackWaiters.delete(ack.cseq.seq);
    waiter(ack);
    this.delegate.onAck?.(ack);
  }

  /**
   * RFC 3261 12.2.2 checks of a new in-dialog request, and the target refresh. Returns the status
   * to refuse it with, or null when the request belongs to the dialog.
   */
  admit(request: SipRequest, flow: Flow): number | null {
    const seq = request.cseq.seq;
    // "If the remote sequence number was not empty, but the sequence number of the request is
    // lower than the remote sequence number, the request is out of order and MUST be rejected
    // with a 500 (Server Internal Error) response."
    if (this.remoteSeq !== null && seq < this.remoteSeq) return 500;
    this.remoteSeq = seq;
    if (TARGET_REFRESH.has(request.method)) {
      const contact = request.contacts[0];
      if (contact) this.target = contact.uri;
    }
    if (flow.reliable || this.currentFlow === null) this.useFlow(flow);
    return null;
  }

  /** The peer's BYE: answered 200, dialog over (RFC 3261 15.1.2). */
  receiveBye(transaction: ServerTransaction): void {
    transaction.respond(200);
    this.terminate('remote-bye');
  }

  /** Other in-dialog requests go to the delegate, which must answer them. */
  receiveRequest(request: SipRequest, transaction: ServerTransaction): void {
    if (this.delegate.onRequest) this.delegate.onRequest(request, transaction);
    else transaction.respond(501);
  }

  /**
   * A connection closed. A peer reached over a WebSocket can be reached on no other path (its Contact
   * names a `.invalid` host, RFC 7118), so when it was this dialog's, the peer has `graceMs` to come back:
   * a request of its on a new connection (`admit` takes that flow), or its Contact registered again over
   * one (`reachAgain`). Otherwise the dialog ends with `flow-lost`, as if the peer had hung up.
   */
  flowClosed(flow: Flow, graceMs: number, reachAgain: (target: Uri) => Flow | null): void {
    if (this.currentState === DialogState.Terminated || this.currentFlow?.id !== flow.id) return;
    if (flow.protocol !== 'ws' && flow.protocol !== 'wss') return;
    if (this.flowLossTimer) clearTimeout(this.flowLossTimer);
    this.flowLossTimer = setTimeout(() => {
      this.flowLossTimer = null;
      if (this.currentState === DialogState.Terminated || this.currentFlow?.id !== flow.id) return;
      const again = reachAgain(this.target);
      if (again && this.context.isOpen(again)) {
        this.context.logger.info({ dialog: this.id, flow: again.id }, 'dialog peer back on a new connection');
        this.useFlow(again);
        return;
      }
      this.context.logger.info({ dialog: this.id, graceMs }, 'dialog peer gone with its connection');
      this.terminate('flow-lost');
    }, graceMs);
    this.flowLossTimer.unref();
  }

  /** Ends the dialog without a BYE. Idempotent; the delegate hears of it once. */
  terminate(reason: DialogEndReason): void {
    if (this.currentState === DialogState.Terminated) return;
    if (this.flowLossTimer) clearTimeout(this.flowLossTimer);
    this.flowLossTimer = null;
    this.currentState = DialogState.Terminated;
    this.endReason = reason;
    this.ackWaiters.clear();
    this.context.forget(this);
    this.context.logger.debug({ dialog: this.id, reason }, 'dialog terminated');
    try {
      this.delegate.onTerminated?.(reason);
    } catch (error) {
      this.context.logger.error({ err: error, dialog: this.id }, 'dialog delegate failed');
    }
  }

  /** Where the next request goes: the dialog's open flow, else the next hop of the route set or target. */
  destination(): Promise<Destination> {
    const first = this.routeSet[0];
    const uri = first ? nextHopUri(this.target, this.routeSet) : this.target;
    return destinationFor(uri, {
      flow: this.currentFlow,
      isOpen: (flow) => this.context.isOpen(flow),
      resolve: this.context.resolve,
    });
  }

  private get protocol(): TransportProtocol {
    if (this.currentFlow) return this.currentFlow.protocol;
    return isSipUri(this.target) ? transportOf(this.target) : 'udp';
  }

  private useFlow(flow: Flow): void {
    this.currentFlow = flow;
  }

  private assertUsable(method: string): void {
    if (this.currentState === DialogState.Terminated) {
      throw new DialogTerminatedError(`cannot send ${method}: the dialog has ended (${this.endReason})`);
    }
  }

  private async send(request: SipRequest): Promise<SipResponse> {
    const destination = await this.destination();
    const sent = sendRequest(this.context.transactions, request, destination);
    const response = await sent.final;
    if (sent.transaction.flow) this.useFlow(sent.transaction.flow);
    return response;
  }

  /** RFC 3261 12.2.1.2: a 481 or 408 to an in-dialog request ends the dialog; a 2xx may refresh the target. */
  private afterResponse(request: SipRequest, response: SipResponse): void {
    if (response.status === 481 || response.status === 408) {
      this.terminate('peer-gone');
      return;
    }
    if (response.status >= 200 && response.status < 300 && TARGET_REFRESH.has(request.method)) {
      const contact = response.contacts[0];
      if (contact) this.target = contact.uri;
    }
  }
}

export class DialogTerminatedError extends Error {
  override name = 'DialogTerminatedError';
}

export function appendContent(headers: SipHeaders, content: MessageContent): void {
  for (const [name, value] of content.headers ?? []) headers.append(name, value);
  if (content.body !== undefined && content.body.length > 0 && !headers.has('content-type')) {
    headers.append('Content-Type', content.contentType ?? 'application/sdp');
  }
}
