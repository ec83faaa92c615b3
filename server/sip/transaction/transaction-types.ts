/**
 * Types of the transaction layer (RFC 3261 section 17) and its contract with the layers above:
 * a transaction calls upward only through the user interfaces defined here.
 */
import type { SipRequest, SipResponse } from '../message/index.js';
import type { Endpoint, Flow, TransportProtocol } from '../transport/transport-types.js';

/** RFC 3261 section 17.1.1.1 timer values, in milliseconds; configurable for tests and networks. */
export interface TimerValues {
  /** RTT estimate, 500 ms by default. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s. */
  T2: number;
  /** Maximum duration a message stays in the network, 5 s. */
  T4: number;
}

export const DEFAULT_TIMERS: TimerValues = { T1: 500, T2: 4_000, T4: 5_000 };

/** Where a request goes: on an existing flow (a WebSocket client, a connection) or to an address. */
export type Destination = { flow: Flow } | { protocol: TransportProtocol; remote: Endpoint };

/** What the transaction layer needs from the transport layer below it. */
export interface MessageSender {
  sendOnFlow(data: Buffer, flow: Flow): Promise<void>;
  sendTo(data: Buffer, protocol: TransportProtocol, remote: Endpoint): Promise<Flow>;
  /** Our sent-by for a protocol, for the Via we put on requests. */
  localEndpoint(protocol: TransportProtocol): Endpoint | null;
}

export enum TransactionState {
  Calling = 'Calling',
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Confirmed = 'Confirmed',
  /** RFC 6026: an INVITE transaction that passed a 2xx and absorbs retransmissions. */
  Accepted = 'Accepted',
  Terminated = 'Terminated',
}

/** The user of a client transaction (the UAC core, a dialog, the registrar toward a trunk). */
export interface ClientTransactionUser {
  /** Provisional and final responses, each once (retransmissions are absorbed). For INVITE,
   * every 2xx is passed, retransmissions included (RFC 6026), so that the TU can ACK each. */
  onResponse(response: SipResponse): void;
  /** Timer B or F fired: the TU treats it as a 408 (RFC 3261 8.1.3.1). */
  onTimeout(): void;
  /** The message could not be sent: the TU treats it as a 503 (RFC 3261 8.1.3.1). */
  onTransportError(error: Error): void;
}

/** Raised by a server transaction for events the TU must know about. */
export interface ServerTransactionEvents {
  /** Timer H fired without an ACK for a final non-2xx INVITE response. */
  onTimeout?(): void;
  onTransportError?(error: Error): void;
  /** A CANCEL matched this INVITE transaction (RFC 3261 9.2); the 200 to the CANCEL is already sent. */
  onCancel?(cancel: SipRequest): void;
}
