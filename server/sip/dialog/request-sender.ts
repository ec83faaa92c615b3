/**
 * A request and its final response as a promise. Failures the transaction layer reports become
 * the responses RFC 3261 8.1.3.1 says the UAC must treat them as: a timeout is a 408, a transport
 * error a 503. Callers then handle one kind of outcome: a `SipResponse`.
 */
import { createResponse, type SipRequest, type SipResponse } from '../message/index.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Destination } from '../transaction/transaction-types.js';
import type { AnyClientTransaction } from '../transaction/client-transactions.js';

export interface RequestCallbacks {
  onProvisional?(response: SipResponse): void;
  /** Every 2xx to an INVITE, retransmissions and forks included (RFC 6026), each to be ACKed. */
  onInvite2xx?(response: SipResponse): void;
}

const madeHere = new WeakSet<SipResponse>();

/** A response made here for a failure (no answer, unreachable, cancelled); Reason says which. */
export function localResponse(
  request: SipRequest,
  status: 408 | 487 | 491 | 503,
  detail: string,
): SipResponse {
  const text = detail.replace(/[^\x20-\x7e]|["\\]/g, ' ').slice(0, 120);
  const response = createResponse(request, status, undefined, {
    headers: [['Reason', `SIP;cause=${status};text="${text}"`]],
  });
  madeHere.add(response);
  return response;
}

/** True for responses `localResponse` made: the peer never said this. */
export function isLocalResponse(response: SipResponse): boolean {
  return madeHere.has(response);
}

export interface SentRequest {
  readonly transaction: AnyClientTransaction;
  readonly final: Promise<SipResponse>;
}

export function sendRequest(
  transactions: TransactionLayer,
  request: SipRequest,
  destination: Destination,
  callbacks: RequestCallbacks = {},
): SentRequest {
  let settle!: (response: SipResponse) => void;
  const final = new Promise<SipResponse>((resolve) => (settle = resolve));
  let done = false;
  const finish = (response: SipResponse) => {
    if (done) return;
    done = true;
    settle(response);
  };
  const transaction = transactions.sendRequest(request, destination, {
    onResponse(response) {
      if (response.status < 200) {
        if (!done) callbacks.onProvisional?.(response);
        return;
      }
      if (request.method === 'INVITE' && response.status < 300) callbacks.onInvite2xx?.(response);
      finish(response);
    },
    onTimeout() {
      finish(localResponse(request, 408, 'no response'));
    },
    onTransportError(error) {
      finish(localResponse(request, 503, error.message));
    },
  });
  return { transaction, final };
}
