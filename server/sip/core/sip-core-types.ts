/**
 * How the layers above the SIP stack (calls, presence...) plug into it: they register a handler per
 * request method; the core answers everything else itself.
 */
import type { SipRequest } from '../message/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { Flow } from '../transport/transport-types.js';
import type { IncomingInvite } from '../dialog/incoming-invite.js';

export type RequestHandler = (request: SipRequest, transaction: ServerTransaction, flow: Flow) => void;

/** An initial INVITE, wrapped for answering (the calls layer makes a leg of it). */
export type InviteHandler = (invite: IncomingInvite) => void;

export interface SipCoreStats {
  requests: number;
  rateLimited: number;
  scannersDropped: number;
}
