/**
 * The dialog layer: keeps the dialogs of this node, gives in-dialog requests and ACKs to theirs
 * (481 when there is none, RFC 3261 12.2.2), turns initial INVITEs into `IncomingInvite`s and
 * places outgoing ones. The SIP core feeds it; the calls layer builds legs on what it returns.
 */
import type { Logger } from '../../shared/logger.js';
import { generateCallId, parseUri, type SipRequest, type SipResponse, type Uri } from '../message/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import { DEFAULT_TIMERS, type Destination, type TimerValues } from '../transaction/transaction-types.js';
import type { Endpoint, Flow, TransportProtocol } from '../transport/transport-types.js';
import type { Dialog } from './dialog.js';
import type { DialogId } from './dialog-types.js';
import { dialogKey } from './dialog-types.js';
import { IncomingInvite, type IncomingInviteContext } from './incoming-invite.js';
import { destinationFor, nextHopUri } from './next-hop.js';
import { OutgoingInvite, type OutgoingInviteOptions } from './outgoing-invite.js';

export interface DialogLayerOptions {
  readonly transactions: TransactionLayer;
  readonly isOpen: (flow: Flow) => boolean;
  readonly localEndpoint: (protocol: TransportProtocol) => Endpoint | null;
  readonly logger: Logger;
  readonly timers?: TimerValues;
  /** Product token for User-Agent (requests) and Server (responses). */
  readonly productToken: string;
  /** The methods we accept, for Allow. */
  readonly allowedMethods: () => readonly string[];
  readonly supported: readonly string[];
  /** The user part of our Contact (default `tandem`). */
  readonly contactUser?: string;
  readonly resolve?: (host: string) => Promise<string>;
}

export interface DialogLayerStats {
  created: number;
  unmatchedRequests: number;
}

export class DialogLayer {
  private readonly dialogs = new Map<string, Dialog>();
  private readonly context: IncomingInviteContext;
  readonly stats: DialogLayerStats = { created: 0, unmatchedRequests: 0 };

  constructor(private readonly options: DialogLayerOptions) {
    const common = (name: 'User-Agent' | 'Server'): [string, string][] => [
      ['Allow', options.allowedMethods().join(', ')],
      ['Supported', options.supported.join(', ')],
      [name, options.productToken],
    ];
    this.context = {
      transactions: options.transactions,
      timers: options.timers ?? DEFAULT_TIMERS,
      logger: options.logger,
      isOpen: options.isOpen,
      resolve: options.resolve,
      contactFor: (flow, protocol) => this.contactFor(flow, protocol),
      requestHeaders: (method) =>
        method === 'ACK' || method === 'CANCEL'
          ? [['User-Agent', options.productToken]]
          : common('User-Agent'),
      responseHeaders: () => common('Server'),
      forget: (dialog) => {
        if (this.dialogs.get(dialog.key) === dialog) this.dialogs.delete(dialog.key);
      },
      adopt: (dialog) => {
        this.dialogs.set(dialog.key, dialog);
        this.stats.created++;
      },
    };
  }

  get count(): number {
    return this.dialogs.size;
  }

  find(id: DialogId): Dialog | undefined {
    return this.dialogs.get(dialogKey(id));
  }

  /**
   * Places an INVITE. Where it goes: `destination` when given (a trunk's address, an agent's
   * flow), else the first route or the Request-URI.
   */
  invite(options: OutgoingInviteOptions, destination?: Destination): OutgoingInvite {
    const callId = options.callId ?? generateCallId();
    const invite = new OutgoingInvite(this.context, OutgoingInvite.build(this.context, options, callId));
    const where = destination
      ? Promise.resolve(destination)
      : destinationFor(nextHopUri(parseUri(options.uri), options.routes ?? []), {
          isOpen: this.options.isOpen,
          resolve: this.options.resolve,
        });
    where.then(
      (resolved) => invite.start(resolved),
      (error: Error) => invite.unreachable(error),
    );
    return invite;
  }

  /**
   * An INVITE without a To tag. Returns null when it was refused here (no Contact: RFC 3261 8.1.1.8
   * "The Contact header field MUST be present [...] in any request that can result in the
   * establishment of a dialog").
   */
  receiveInitialInvite(
    request: SipRequest,
    transaction: ServerTransaction,
    flow: Flow,
  ): IncomingInvite | null {
    if (request.contacts.length !== 1) {
      transaction.respond(400, 'Missing or Invalid Contact', { toTag: 'nocontact' });
      return null;
    }
    return new IncomingInvite(this.context, request, transaction, flow, null);
  }

  /**
   * A request with a To tag (RFC 3261 12.2.2). Returns true when the dialog layer took it: given to
   * its dialog, or refused (481, 500, 491).
   */
  receiveInDialog(request: SipRequest, transaction: ServerTransaction, flow: Flow): boolean {
    const toTag = request.toTag;
    if (toTag === undefined) return false;
    const dialog = this.dialogs.get(
      dialogKey({ callId: request.callId, localTag: toTag, remoteTag: request.fromTag ?? '' }),
    );
    if (!dialog) {
      this.stats.unmatchedRequests++;
      transaction.respond(481);
      return true;
    }
    const refusal = dialog.admit(request, flow);
    if (refusal !== null) {
      transaction.respond(refusal, undefined, { headers: [['Retry-After', '1']] });
      return true;
    }
    switch (request.method) {
      case 'BYE':
        dialog.receiveBye(transaction);
        return true;
      case 'INVITE':
        this.receiveReinvite(dialog, request, transaction, flow);
        return true;
      default:
        dialog.receiveRequest(request, transaction);
        return true;
    }
  }

  /** An ACK outside any transaction: the ACK for a 2xx of ours (RFC 3261 13.3.1.4). */
  receiveAck(ack: SipRequest): void {
    const toTag = ack.toTag;
    if (toTag === undefined) return;
    this.dialogs
      .get(dialogKey({ callId: ack.callId, localTag: toTag, remoteTag: ack.fromTag ?? '' }))
      ?.receiveAck(ack);
  }

  /** A 2xx to one of our INVITEs after its transaction ended: ACK it again. */
  receiveStrayResponse(response: SipResponse): boolean {
    if (response.status < 200 || response.status >= 300 || response.cseq.method !== 'INVITE') return false;
    const dialog = this.dialogs.get(
      dialogKey({
        callId: response.callId,
        localTag: response.fromTag ?? '',
        remoteTag: response.toTag ?? '',
      }),
    );
    return dialog?.resendAck(response) ?? false;
  }

  /** Ends every dialog without signalling (the stack is stopping; calls send their BYEs first). */
  /** A connection closed: its dialogs wait for their peer to come back, or end (Dialog.flowClosed). */
  flowClosed(flow: Flow, graceMs: number, reachAgain: (target: Uri) => Flow | null): void {
    for (const dialog of [...this.dialogs.values()]) dialog.flowClosed(flow, graceMs, reachAgain);
  }

  stop(): void {
    for (const dialog of [...this.dialogs.values()]) dialog.terminate('shutdown');
  }

  /** `<sip:tandem@host:port;transport=x>` for the transport a message goes over. */
  contactFor(flow: Flow | null, protocol: TransportProtocol): string {
    const local = flow?.local ?? this.options.localEndpoint(protocol);
    const host = local ? (local.host.includes(':') ? `[${local.host}]` : local.host) : '127.0.0.1';
    const port = local ? `:${local.port}` : '';
    const user = this.options.contactUser ?? 'tandem';
    const transport = protocol === 'udp' ? '' : `;transport=${protocol}`;
    return `<sip:${user}@${host}${port}${transport}>`;
  }

  private receiveReinvite(
    dialog: Dialog,
    request: SipRequest,
    transaction: ServerTransaction,
    flow: Flow,
  ): void {
    // RFC 3261 14.2: "A UAS that receives a second INVITE before it sends the final response to a
    // first INVITE with a lower CSeq sequence number on the same dialog MUST return a 500 [...]
    // with a Retry-After"; "an INVITE on a dialog while an INVITE it had sent on that dialog is in
    // progress MUST return a 491 (Request Pending)".
    if (dialog.hasIncomingInvite) {
      transaction.respond(500, undefined, {
        headers: [['Retry-After', String(1 + Math.floor(Math.random() * 10))]],
      });
      return;
    }
    if (dialog.hasOutgoingInvite) {
      transaction.respond(491);
      return;
    }
    const invite = new IncomingInvite(this.context, request, transaction, flow, dialog);
    if (dialog.delegate.onReinvite) dialog.delegate.onReinvite(invite);
    else invite.reject(488);
  }
}
