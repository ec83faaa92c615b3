/**
 * How the layers above the SIP stack (calls, presence...) plug into it: they register a handler per
 * request method; the core answers everything else itself.
 */
import type { SipRequest } from '../message/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { Flow } from '../transport/transport-types.js';

export type RequestHandler = (request: SipRequest, transaction: ServerTransaction, flow: Flow) => void;

/** An ACK for a 2xx, or any in-dialog request the dialog layer claims. */
export type AckHandler = (request: SipRequest, flow: Flow) => void;

export interface SipCoreStats {
  requests: number;
  rateLimited: number;
  scannersDropped: number;
}
