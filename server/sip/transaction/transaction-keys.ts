/**
 * How messages find their transaction.
 *
 * RFC 3261 17.2.3: with a branch starting with the magic cookie "z9hG4bK", "the request matches a
 * transaction if: 1. the branch parameter in the request is equal to the one in the top Via header
 * field of the request that created the transaction, and 2. the sent-by value in the top Via of the
 * request is equal to the one in the request that created the transaction, and 3. the method of the
 * request matches the one that created the transaction, except for ACK, where the method of the
 * request that created the transaction is INVITE."
 *
 * Without the cookie (RFC 2543 peers), the Request-URI, To tag, From tag, Call-ID, CSeq and top Via
 * are compared; the ACK for a non-2xx carries the To tag of our response, so it is matched on the
 * other fields with CSeq number and INVITE.
 *
 * 17.1.3 for responses: the branch of the top Via and the method of the CSeq.
 */
import { formatUri, isRfc3261Branch, type SipRequest, type SipResponse, type Via } from '../message/index.js';

function sentBy(via: Via): string {
  return `${via.host.toLowerCase()}:${via.port ?? ''}`;
}

/** The key of a server transaction created by `request` (or matched by it). */
export function serverKey(request: SipRequest): string {
  const via = request.topVia;
  const method = request.method === 'ACK' ? 'INVITE' : request.method;
  if (via.branch !== undefined && isRfc3261Branch(via.branch)) {
    return `s|${via.branch}|${sentBy(via)}|${method}`;
  }
  // RFC 2543: a compound key. The To tag is left out so that the ACK (which carries our tag) and
  // retransmissions of the INVITE (which do not) land on the same transaction.
  return `s2543|${formatUri(request.uri)}|${request.fromTag ?? ''}|${request.callId}|${request.cseq.seq}|${method}|${sentBy(via)}|${via.branch ?? ''}`;
}

export function clientKey(branch: string, method: string): string {
  return `c|${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

export function clientKeyOfResponse(response: SipResponse): string | null {
  const branch = response.topVia.branch;
  return branch === undefined ? null : clientKey(branch, response.cseq.method);
}
