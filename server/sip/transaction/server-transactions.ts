/**
 * Server transactions (RFC 3261 section 17.2) with the RFC 6026 Accepted state.
 *
 *  INVITE (17.2.1, RFC 6026 7.1)                  non-INVITE (17.2.2)
 *
 *   Proceeding --2xx from TU--> Accepted --Timer L--+   Trying --1xx--> Proceeding
 *     |                                             |      |               |
 *   300-699 from TU                                 |   200-699         200-699
 *     v                                             |      v               v
 *   Completed --ACK--> Confirmed --Timer I-->  Terminated <--Timer J-- Completed
 *     |                                             ^
 *     +--------------Timer H (no ACK)---------------+
 */
import { InvalidStateError } from '../../shared/errors.js';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.js';
import type { Flow } from '../transport/transport-types.js';
import { Transaction, type TransactionContext, type TransitionTable } from './transaction.js';
import { TransactionState, type ServerTransactionEvents } from './transaction-types.js';

const S = TransactionState;

/** How a server transaction sends a response (RFC 3261 18.2.2 response routing lives in the layer). */
export type ResponseSender = (response: SipResponse, requestFlow: Flow) => Promise<void>;

export abstract class ServerTransaction extends Transaction {
  protected lastResponse: SipResponse | null = null;
  events: ServerTransactionEvents = {};

  #request: SipRequest | null;

  protected constructor(
    key: string,
    request: SipRequest,
    readonly requestFlow: Flow,
    private readonly sendResponse: ResponseSender,
    context: TransactionContext,
    initial: TransactionState,
    allowed: TransitionTable,
  ) {
    super(key, initial, context, allowed);
    this.#request = request;
  }

  /** The request that created the transaction; gone once a non-INVITE transaction completed. */
  get request(): SipRequest {
    if (this.#request === null)
      throw new InvalidStateError(`transaction ${this.key} has released its request`);
    return this.#request;
  }

  /**
   * A completed non-INVITE transaction lives on for Timer J (32 s over UDP) only to resend its
   * response: it lets go of the parsed request, which at thousands of requests a second is most
   * of the memory the transaction layer holds.
   */
  protected releaseRequest(): void {
    this.#request = null;
  }

  get flow(): Flow {
    return this.requestFlow;
  }

  /** The latest response sent, if any. */
  get response(): SipResponse | null {
    return this.lastResponse;
  }

  /** Sends a response built from the request (RFC 3261 8.2.6). */
  respond(status: number, reason?: string, options?: Parameters<typeof createResponse>[3]): SipResponse {
    const response = createResponse(this.request, status, reason, options);
    this.send(response);
    return response;
  }

  /** Sends a response through this transaction, following its state machine. */
  abstract send(response: SipResponse): void;

  /** A retransmission of the request, or (INVITE) an ACK, arrived for this transaction. */
  abstract receiveRequest(request: SipRequest): void;

  protected transmit(response: SipResponse): void {
    this.sendResponse(response, this.requestFlow).catch((error: Error) => {
      this.context.logger.debug({ err: error, transaction: this.key }, 'response could not be sent');
      if (this.state !== S.Terminated) {
        this.terminate();
        this.events.onTransportError?.(error);
      }
    });
  }
}

export class NonInviteServerTransaction extends ServerTransaction {
  constructor(
    key: string,
    request: SipRequest,
    flow: Flow,
    sendResponse: ResponseSender,
    context: TransactionContext,
  ) {
    super(key, request, flow, sendResponse, context, S.Trying, {
      [S.Trying]: [S.Proceeding, S.Completed, S.Terminated],
      [S.Proceeding]: [S.Completed, S.Terminated],
      [S.Completed]: [S.Terminated],
    });
  }

  send(response: SipResponse): void {
    if (this.state !== S.Trying && this.state !== S.Proceeding) {
      this.context.logger.warn(
        { transaction: this.key, status: response.status },
        'response after the final one dropped',
      );
      return;
    }
    this.lastResponse = response;
    this.transmit(response);
    if (response.status < 200) {
      this.transition(S.Proceeding);
      return;
    }
    // 17.2.2: "When the server transaction enters the "Completed" state, it MUST set Timer J to fire
    // in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports."
    this.transition(S.Completed);
    this.releaseRequest();
    this.startTimer('J', this.reliable ? 0 : 64 * this.context.timers.T1, () =>
      this.transition(S.Terminated),
    );
  }

  receiveRequest(): void {
    // "Once in the "Trying" state, any further request retransmissions are discarded"; in
    // Proceeding and Completed the last response is passed to the transport again.
    if ((this.state === S.Proceeding || this.state === S.Completed) && this.lastResponse) {
      this.transmit(this.lastResponse);
    }
  }
}

export class InviteServerTransaction extends ServerTransaction {
  private cancelled = false;

  constructor(
    key: string,
    request: SipRequest,
    flow: Flow,
    sendResponse: ResponseSender,
    context: TransactionContext,
  ) {
    super(key, request, flow, sendResponse, context, S.Proceeding, {
      [S.Proceeding]: [S.Accepted, S.Completed, S.Terminated],
      [S.Completed]: [S.Confirmed, S.Terminated],
      [S.Confirmed]: [S.Terminated],
      [S.Accepted]: [S.Terminated],
    });
  }

  get wasCancelled(): boolean {
    return this.cancelled;
  }

  /** 17.2.1: "the server transaction MUST generate a 100 (Trying) response" unless the TU answers within 200 ms. */
  sendTrying(): void {
    this.send(createResponse(this.request, 100));
  }

  send(response: SipResponse): void {
    const status = response.status;
    if (this.state === S.Accepted && status >= 200 && status < 300) {
      // RFC 6026: the TU retransmits its 2xx (13.3.1.4) through the Accepted transaction.
      this.transmit(response);
      return;
    }
    if (this.state !== S.Proceeding) {
      this.context.logger.warn({ transaction: this.key, status }, 'response after the final one dropped');
      return;
    }
    this.lastResponse = response;
    this.transmit(response);
    const { T1, T2 } = this.context.timers;
    if (status < 200) return;
    if (status < 300) {
      this.transition(S.Accepted);
      this.startTimer('L', 64 * T1, () => this.transition(S.Terminated));
      return;
    }
    this.transition(S.Completed);
    // "For unreliable transports, timer G is set to fire in T1 seconds [...] the response is passed
    // to the transport layer again [...] and the timer is reset with a value of MIN(2*T1, T2)."
    if (!this.reliable) {
      const retransmit = (interval: number) =>
        this.startTimer('G', interval, () => {
          if (this.state !== S.Completed || !this.lastResponse) return;
          this.transmit(this.lastResponse);
          retransmit(Math.min(interval * 2, T2));
        });
      retransmit(T1);
    }
    // "timer H MUST be set to fire in 64*T1 seconds for all transports."
    this.startTimer('H', 64 * T1, () => {
      if (this.state !== S.Completed) return;
      this.terminate();
      this.events.onTimeout?.();
    });
  }

  receiveRequest(request: SipRequest): void {
    if (request.method === 'ACK') {
      if (this.state !== S.Completed) return;
      // "If an ACK is received while the server transaction is in the "Completed" state, the
      // server transaction MUST transition to the "Confirmed" state"; Timer I: T4 or zero.
      this.stopTimer('G');
      this.stopTimer('H');
      this.transition(S.Confirmed);
      this.startTimer('I', this.reliable ? 0 : this.context.timers.T4, () => this.transition(S.Terminated));
      return;
    }
    // A retransmitted INVITE: the most recent provisional (Proceeding) or final response again.
    if ((this.state === S.Proceeding || this.state === S.Completed) && this.lastResponse) {
      this.transmit(this.lastResponse);
    }
  }

  /** A matching CANCEL: the TU should answer the INVITE with 487 (RFC 3261 9.2). */
  cancel(request: SipRequest): boolean {
    if (this.state !== S.Proceeding || this.cancelled) return false;
    this.cancelled = true;
    this.events.onCancel?.(request);
    return true;
  }
}
