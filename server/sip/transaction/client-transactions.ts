/**
 * Client transactions (RFC 3261 section 17.1) with the RFC 6026 Accepted state.
 *
 *  INVITE (17.1.1.2, RFC 6026 7.2)              non-INVITE (17.1.2.2)
 *
 *   Calling --1xx--> Proceeding                  Trying --1xx--> Proceeding
 *     |  \              |  \                        |                |
 *     |   2xx          2xx  300-699 (send ACK)   200-699          200-699
 *     |     \           |     \                     v                v
 *     |      +--> Accepted   Completed          Completed ----Timer K----> Terminated
 *     |            |  Timer M  |  Timer D
 *   Timer B        v           v
 *     +------> Terminated <----+
 */
import { SipHeaders, SipRequest, type SipResponse } from '../message/index.js';
import type { Flow } from '../transport/transport-types.js';
import { Transaction, type TransactionContext, type TransitionTable } from './transaction.js';
import { TransactionState, type ClientTransactionUser, type Destination } from './transaction-types.js';

const S = TransactionState;

abstract class ClientTransaction extends Transaction {
  private sentOn: Flow | null = null;
  protected readonly bytes: Buffer;

  protected constructor(
    key: string,
    readonly request: SipRequest,
    private readonly destination: Destination,
    protected readonly user: ClientTransactionUser,
    context: TransactionContext,
    initial: TransactionState,
    allowed: TransitionTable,
  ) {
    super(key, initial, context, allowed);
    this.bytes = request.toBuffer();
  }

  get flow(): Flow | null {
    return this.sentOn ?? ('flow' in this.destination ? this.destination.flow : null);
  }

  /** Where the request went: its flow once sent, else the destination it was given. */
  get sentTo(): Destination {
    const flow = this.flow;
    return flow ? { flow } : this.destination;
  }

  protected override get reliable(): boolean {
    if (this.sentOn) return this.sentOn.reliable;
    return 'flow' in this.destination ? this.destination.flow.reliable : this.destination.protocol !== 'udp';
  }

  /** Sends (or retransmits) the request; a transport failure ends the transaction (8.1.3.1: as a 503). */
  protected transmit(data: Buffer = this.bytes): void {
    const send =
      this.sentOn !== null
        ? this.context.sender.sendOnFlow(data, this.sentOn).then(() => this.sentOn!)
        : 'flow' in this.destination
          ? this.context.sender
              .sendOnFlow(data, this.destination.flow)
              .then(() => (this.destination as { flow: Flow }).flow)
          : this.context.sender.sendTo(data, this.destination.protocol, this.destination.remote);
    send.then(
      (flow) => {
        this.sentOn = flow;
      },
      (error: Error) => {
        if (this.state === S.Terminated) return;
        this.context.logger.debug({ err: error, transaction: this.key }, 'request could not be sent');
        this.terminate();
        this.user.onTransportError(error);
      },
    );
  }

  abstract start(): void;
  abstract receiveResponse(response: SipResponse): void;
}

export class InviteClientTransaction extends ClientTransaction {
  private ack: Buffer | null = null;

  constructor(
    key: string,
    request: SipRequest,
    destination: Destination,
    user: ClientTransactionUser,
    context: TransactionContext,
  ) {
    super(key, request, destination, user, context, S.Calling, {
      [S.Calling]: [S.Proceeding, S.Accepted, S.Completed, S.Terminated],
      [S.Proceeding]: [S.Accepted, S.Completed, S.Terminated],
      [S.Completed]: [S.Terminated],
      [S.Accepted]: [S.Terminated],
    });
  }

  start(): void {
    const { T1 } = this.context.timers;
    this.transmit();
    // 17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start
    // timer A with a value of T1." Each firing retransmits and doubles the interval.
    if (!this.reliable) this.retransmitAfter(T1);
    // "For any transport, the client transaction MUST start timer B with a value of 64*T1."
    this.startTimer('B', 64 * T1, () => {
      if (this.state !== S.Calling) return;
      this.terminate();
      this.user.onTimeout();
    });
  }

  private retransmitAfter(interval: number): void {
    this.startTimer('A', interval, () => {
      if (this.state !== S.Calling) return;
      this.transmit();
      this.retransmitAfter(interval * 2);
    });
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case S.Calling:
      case S.Proceeding:
        if (status < 200) {
          this.stopTimer('A');
          this.transition(S.Proceeding);
          this.user.onResponse(response);
        } else if (status < 300) {
          // RFC 6026 7.2: a 2xx moves the transaction to Accepted, where later 2xx responses
          // (other forks, retransmissions) are still passed up, for 64*T1 (Timer M).
          this.transition(S.Accepted);
          this.startTimer('M', 64 * this.context.timers.T1, () => this.transition(S.Terminated));
          this.user.onResponse(response);
        } else {
          // 17.1.1.2: "the client transaction MUST generate an ACK request [...] and pass the
          // response up to the TU"; Timer D: "at least 32 seconds for unreliable transports".
          this.transition(S.Completed);
          this.ack = buildNonSuccessAck(this.request, response).toBuffer();
          this.transmit(this.ack);
          this.startTimer('D', this.reliable ? 0 : Math.max(32_000, 64 * this.context.timers.T1), () =>
            this.transition(S.Terminated),
          );
          this.user.onResponse(response);
        }
        return;
      case S.Completed:
        // "Any retransmissions of the final response that are received while in the Completed
        // state MUST cause the ACK to be re-passed to the transport layer for retransmission".
        if (status >= 300 && this.ack) this.transmit(this.ack);
        return;
      case S.Accepted:
        if (status >= 200 && status < 300) this.user.onResponse(response);
        return;
      default:
        return;
    }
  }
}

export class NonInviteClientTransaction extends ClientTransaction {
  constructor(
    key: string,
    request: SipRequest,
    destination: Destination,
    user: ClientTransactionUser,
    context: TransactionContext,
  ) {
    super(key, request, destination, user, context, S.Trying, {
      [S.Trying]: [S.Proceeding, S.Completed, S.Terminated],
      [S.Proceeding]: [S.Completed, S.Terminated],
      [S.Completed]: [S.Terminated],
    });
  }

  start(): void {
    const { T1 } = this.context.timers;
    this.transmit();
    // 17.1.2.2: "If an unreliable transport is in use, the client transaction MUST set timer E to
    // fire in T1 seconds"; later "the interval [...] doubles [...] until it reaches T2", and in
    // Proceeding it fires every T2.
    if (!this.reliable) this.retransmitAfter(T1);
    this.startTimer('F', 64 * T1, () => {
      if (this.state !== S.Trying && this.state !== S.Proceeding) return;
      this.terminate();
      this.user.onTimeout();
    });
  }

  private retransmitAfter(interval: number): void {
    this.startTimer('E', interval, () => {
      if (this.state !== S.Trying && this.state !== S.Proceeding) return;
      this.transmit();
      const { T2 } = this.context.timers;
      this.retransmitAfter(this.state === S.Proceeding ? T2 : Math.min(interval * 2, T2));
    });
  }

  receiveResponse(response: SipResponse): void {
    if (this.state !== S.Trying && this.state !== S.Proceeding) return;
    if (response.status < 200) {
      this.transition(S.Proceeding);
      this.user.onResponse(response);
      return;
    }
    this.transition(S.Completed);
    // Timer K: "T4 seconds for unreliable transports, and zero seconds for reliable transports".
    this.startTimer('K', this.reliable ? 0 : this.context.timers.T4, () => this.transition(S.Terminated));
    this.user.onResponse(response);
  }
}

/**
 * 17.1.1.3: the ACK for a non-2xx final response. "The Request-URI, Call-ID, From and top Via
 * [...] MUST be equal to the values in the original request [...] The To header field in the ACK
 * MUST equal the To header field in the response being acknowledged [...] The CSeq header field
 * [...] MUST contain the same value for the sequence number as was present in the original
 * request, but the method parameter MUST be equal to "ACK"." Route headers are copied too.
 */
export function buildNonSuccessAck(request: SipRequest, response: SipResponse): SipRequest {
  const headers = new SipHeaders();
  const topVia = request.headers.get('via');
  if (topVia !== undefined) headers.append('Via', topVia);
  headers.append('Max-Forwards', '70');
  headers.append('From', request.headers.get('from') ?? '');
  headers.append('To', response.headers.get('to') ?? '');
  headers.append('Call-ID', request.callId);
  headers.append('CSeq', `${request.cseq.seq} ACK`);
  for (const route of request.headers.getAll('route')) headers.append('Route', route);
  return new SipRequest({ method: 'ACK', uri: request.uri, headers });
}

/**
 * RFC 3261 9.1: a CANCEL for a pending INVITE: same Request-URI, Call-ID, To, From and CSeq number
 * (method CANCEL), a single Via equal to the INVITE's top Via, and its Route headers.
 */
export function buildCancel(invite: SipRequest, reason?: string): SipRequest {
  const headers = new SipHeaders();
  const topVia = invite.headers.get('via');
  if (topVia !== undefined) headers.append('Via', topVia);
  headers.append('Max-Forwards', '70');
  headers.append('From', invite.headers.get('from') ?? '');
  headers.append('To', invite.headers.get('to') ?? '');
  headers.append('Call-ID', invite.callId);
  headers.append('CSeq', `${invite.cseq.seq} CANCEL`);
  for (const route of invite.headers.getAll('route')) headers.append('Route', route);
  if (reason) headers.append('Reason', reason);
  return new SipRequest({ method: 'CANCEL', uri: invite.uri, headers });
}

export type AnyClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
