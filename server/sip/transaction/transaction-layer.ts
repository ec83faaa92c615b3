/**
 * The transaction layer (RFC 3261 section 17): parses what the transports deliver, absorbs
 * retransmissions, matches responses to client transactions and requests to server transactions,
 * handles CANCEL (9.2), and hands new requests to its user (the SIP core) through
 * `TransactionLayerUser`. It answers unparseable requests with 400 where it can and never throws
 * back into a transport.
 */
import type { Logger } from '../../shared/logger.js';
import {
  generateBranch,
  parseCSeq,
  parseSipMessage,
  SipHeaders,
  SipParseError,
  SipRequest,
  SipResponse,
  type SipParsePartial,
} from '../message/index.js';
import { FlowClosedError, type Flow, type TransportDelegate } from '../transport/transport-types.js';
import {
  buildCancel,
  InviteClientTransaction,
  NonInviteClientTransaction,
  type AnyClientTransaction,
} from './client-transactions.js';
import {
  InviteServerTransaction,
  NonInviteServerTransaction,
  type ServerTransaction,
} from './server-transactions.js';
import type { Transaction, TransactionContext } from './transaction.js';
import { clientKey, clientKeyOfResponse, serverKey } from './transaction-keys.js';
import {
  DEFAULT_TIMERS,
  type ClientTransactionUser,
  type Destination,
  type MessageSender,
  type TimerValues,
} from './transaction-types.js';

export interface TransactionLayerUser {
  /**
   * A new request. `transaction` is its server transaction, null for an ACK that matched none
   * (the ACK for a 2xx belongs to the dialog, RFC 3261 17.1.1.3 / 13.2.2.4).
   */
  onRequest(request: SipRequest, transaction: ServerTransaction | null, flow: Flow): void;
  /** A response no client transaction claims (2xx retransmissions after Timer M, stray forks). */
  onStrayResponse(response: SipResponse, flow: Flow): void;
  onFlowClosed(flow: Flow): void;
}

export interface TransactionLayerOptions {
  sender: MessageSender;
  logger: Logger;
  maxMessageBytes: number;
  timers?: TimerValues;
  /** Server header added to responses the layer builds itself (400). */
  serverHeader?: string;
  /**
   * Whether a 400 may go back to this source: malformed requests never reach the SIP core's rate
   * limit, so without this a flood of them would be answered one for one. Default: always.
   */
  mayAnswerMalformed?: (source: string) => boolean;
}

export interface TransactionLayerStats {
  parseErrors: number;
  badRequestsAnswered: number;
  /** Malformed requests left unanswered because their source exceeded its rate. */
  badRequestsThrottled: number;
}

const DEFAULT_PORT: Record<string, number> = { udp: 5060, tcp: 5060, tls: 5061, ws: 80, wss: 443 };

export class TransactionLayer implements TransportDelegate {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, AnyClientTransaction>();
  private readonly context: TransactionContext;
  private user: TransactionLayerUser | null = null;
  readonly stats: TransactionLayerStats = { parseErrors: 0, badRequestsAnswered: 0, badRequestsThrottled: 0 };

  constructor(private readonly options: TransactionLayerOptions) {
    this.context = {
      sender: options.sender,
      timers: options.timers ?? DEFAULT_TIMERS,
      logger: options.logger,
      onTerminated: (transaction: Transaction) => {
        if (this.servers.get(transaction.key) === transaction) this.servers.delete(transaction.key);
        if (this.clients.get(transaction.key) === transaction) this.clients.delete(transaction.key);
      },
    };
  }

  setUser(user: TransactionLayerUser): void {
    this.user = user;
  }

  get serverTransactionCount(): number {
    return this.servers.size;
  }

  get clientTransactionCount(): number {
    return this.clients.size;
  }

  // ---- from the transport layer ----

  onMessage(data: Buffer, flow: Flow): void {
    let message: SipRequest | SipResponse;
    try {
      message = parseSipMessage(data, { maxBytes: this.options.maxMessageBytes });
    } catch (error) {
      this.stats.parseErrors++;
      if (error instanceof SipParseError) this.answerUnparseable(error, flow);
      else this.options.logger.error({ err: error, flow: flow.id }, 'SIP parser threw an unexpected error');
      return;
    }
    try {
      if (message instanceof SipRequest) this.receiveRequest(message, flow);
      else this.receiveResponse(message, flow);
    } catch (error) {
      this.options.logger.error({ err: error, flow: flow.id }, 'error while handling a SIP message');
    }
  }

  onFlowClosed(flow: Flow): void {
    this.user?.onFlowClosed(flow);
  }

  // ---- toward the transport layer ----

  /**
   * Sends a request in a new client transaction. The layer puts its own Via on top (RFC 3261
   * 8.1.1.7: a fresh branch with the magic cookie, and rport per RFC 3581).
   */
  sendRequest(
    request: SipRequest,
    destination: Destination,
    user: ClientTransactionUser,
  ): AnyClientTransaction {
    const branch = this.addVia(request, destination);
    const key = clientKey(branch, request.method);
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, request, destination, user, this.context)
        : new NonInviteClientTransaction(key, request, destination, user, this.context);
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /**
   * RFC 3261 9.1: cancels a pending INVITE. The CANCEL has the INVITE's top Via (same branch) and
   * goes where the INVITE went, in a client transaction of its own. The caller checks the INVITE
   * is still pending and has seen a provisional response.
   */
  sendCancel(
    invite: InviteClientTransaction,
    user: ClientTransactionUser,
    reason?: string,
  ): NonInviteClientTransaction {
    const cancel = buildCancel(invite.request, reason);
    const key = clientKey(invite.request.topVia.branch ?? '', 'CANCEL');
    const transaction = new NonInviteClientTransaction(key, cancel, invite.sentTo, user, this.context);
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /** Sends a request outside any transaction: the ACK for a 2xx (RFC 3261 13.2.2.4). */
  async sendStateless(request: SipRequest, destination: Destination): Promise<Flow> {
    if (!request.headers.has('via')) this.addVia(request, destination);
    const data = request.toBuffer();
    if ('flow' in destination) {
      await this.options.sender.sendOnFlow(data, destination.flow);
      return destination.flow;
    }
    return this.options.sender.sendTo(data, destination.protocol, destination.remote);
  }

  /**
   * Sends a response where RFC 3261 18.2.2 says: on the connection the request came in on, else
   * (stream transports) a new connection to the received address and sent-by port; over UDP to the
   * source port when the client asked for rport (RFC 3581), else to the sent-by port.
   */
  async sendResponse(response: SipResponse, requestFlow: Flow): Promise<void> {
    const data = response.toBuffer();
    const via = response.topVia;
    const protocol = requestFlow.protocol;
    if (protocol === 'udp') {
      const wantsRport = via.params.has('rport');
      const port = wantsRport ? requestFlow.remote.port : (via.port ?? DEFAULT_PORT.udp!);
      if (port === requestFlow.remote.port) return this.options.sender.sendOnFlow(data, requestFlow);
      await this.options.sender.sendTo(data, 'udp', { host: requestFlow.remote.host, port });
      return;
    }
    try {
      await this.options.sender.sendOnFlow(data, requestFlow);
    } catch (error) {
      if (!(error instanceof FlowClosedError) || (protocol !== 'tcp' && protocol !== 'tls')) throw error;
      const host = via.params.get('received') ?? via.host;
      await this.options.sender.sendTo(data, protocol, { host, port: via.port ?? DEFAULT_PORT[protocol]! });
    }
  }

  /** Ends every transaction (shutdown). */
  stop(): void {
    for (const transaction of [...this.servers.values(), ...this.clients.values()]) transaction.terminate();
  }

  // ---- inside ----

  private receiveRequest(request: SipRequest, flow: Flow): void {
    this.markReceived(request, flow);
    const key = serverKey(request);
    const existing = this.servers.get(key);

    if (request.method === 'ACK') {
      // The ACK for a non-2xx final response belongs to the INVITE transaction (17.2.3); any
      // other ACK (for a 2xx) is the dialog's business.
      if (
        existing instanceof InviteServerTransaction &&
        existing.response &&
        existing.response.status >= 300
      ) {
        existing.receiveRequest(request);
      } else {
        this.user?.onRequest(request, null, flow);
      }
      return;
    }

    if (existing) {
      existing.receiveRequest(request);
      return;
    }

    const sendResponse = (response: SipResponse, requestFlow: Flow) =>
      this.sendResponse(response, requestFlow);
    if (request.method === 'INVITE') {
      const transaction = new InviteServerTransaction(key, request, flow, sendResponse, this.context);
      this.servers.set(key, transaction);
      transaction.sendTrying();
      this.user?.onRequest(request, transaction, flow);
      return;
    }

    const transaction = new NonInviteServerTransaction(key, request, flow, sendResponse, this.context);
    this.servers.set(key, transaction);
    if (request.method === 'CANCEL') {
      this.receiveCancel(request, transaction);
      return;
    }
    this.user?.onRequest(request, transaction, flow);
  }

  /**
   * RFC 3261 9.2: "If the UAS did not find a matching transaction for the CANCEL according to the
   * procedure above, it SHOULD respond to the CANCEL with a 481 (Call Leg/Transaction Does Not
   * Exist)." Otherwise the CANCEL gets a 200 and the INVITE's TU answers the INVITE with 487.
   */
  private receiveCancel(cancel: SipRequest, transaction: NonInviteServerTransaction): void {
    const inviteKey = serverKey(
      new SipRequest({ method: 'INVITE', uri: cancel.uri, headers: cancel.headers }),
    );
    const invite = this.servers.get(inviteKey);
    if (!(invite instanceof InviteServerTransaction)) {
      transaction.respond(481);
      return;
    }
    transaction.respond(200);
    invite.cancel(cancel);
  }

  private receiveResponse(response: SipResponse, flow: Flow): void {
    const key = clientKeyOfResponse(response);
    const transaction = key === null ? undefined : this.clients.get(key);
    if (transaction) transaction.receiveResponse(response);
    else this.user?.onStrayResponse(response, flow);
  }

  /**
   * RFC 3261 18.2.1: "the server transport MUST add a "received" parameter" when the sent-by host
   * differs from the source address; RFC 3581: fill in an empty rport with the source port.
   */
  private markReceived(request: SipRequest, flow: Flow): void {
    const via = request.topVia;
    const changes: Record<string, string | number> = {};
    if (via.host.replace(/^\[|\]$/g, '') !== flow.remote.host) changes.received = flow.remote.host;
    if (via.params.has('rport') && via.params.get('rport') === null) changes.rport = flow.remote.port;
    if (Object.keys(changes).length > 0) request.setTopViaParams(changes);
  }

  private addVia(request: SipRequest, destination: Destination): string {
    const protocol = 'flow' in destination ? destination.flow.protocol : destination.protocol;
    const local =
      ('flow' in destination ? destination.flow.local : null) ?? this.options.sender.localEndpoint(protocol);
    const host = local ? (local.host.includes(':') ? `[${local.host}]` : local.host) : '127.0.0.1';
    const branch = generateBranch();
    const port = local ? `:${local.port}` : '';
    request.headers.prepend('Via', `SIP/2.0/${protocol.toUpperCase()} ${host}${port};branch=${branch};rport`);
    return branch;
  }

  /**
   * RFC 3261 8.2.6 / 21.4.1: a request that could not be parsed is answered with 400 when it has a
   * Via to copy (the response goes back on the flow it came in on); otherwise it is dropped.
   */
  private answerUnparseable(error: SipParseError, flow: Flow): void {
    const partial: SipParsePartial | undefined = error.partial;
    this.options.logger.debug({ flow: flow.id, reason: error.reason }, 'unparseable SIP message');
    if (!partial?.isRequest || partial.via.length === 0) return;
    if (this.options.mayAnswerMalformed && !this.options.mayAnswerMalformed(flow.remote.host)) {
      this.stats.badRequestsThrottled++;
      return;
    }
    const headers = new SipHeaders();
    for (const via of partial.via) headers.append('Via', via);
    if (partial.from) headers.append('From', partial.from);
    if (partial.to) headers.append('To', partial.to);
    if (partial.callId) headers.append('Call-ID', partial.callId);
    // A CSeq that does not parse is left out: copying it would make our answer unparseable too.
    if (partial.cseq && isValidCSeq(partial.cseq)) headers.append('CSeq', partial.cseq);
    if (this.options.serverHeader) headers.append('Server', this.options.serverHeader);
    let response: SipResponse;
    try {
      response = new SipResponse({ status: error.status, reason: reasonFor(error), headers });
    } catch {
      return;
    }
    this.stats.badRequestsAnswered++;
    this.options.sender.sendOnFlow(response.toBuffer(), flow).catch(() => undefined);
  }
}

function isValidCSeq(value: string): boolean {
  try {
    parseCSeq(value);
    return true;
  } catch {
    return false;
  }
}

function reasonFor(error: SipParseError): string {
  const base =
    error.status === 505
      ? 'Version Not Supported'
      : error.status === 513
        ? 'Message Too Large'
        : 'Bad Request';
  const detail = error.reason.replace(/[^\x20-\x7e]/g, '').slice(0, 80);
  return detail ? `${base} (${detail})` : base;
}
