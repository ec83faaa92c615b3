/**
 * What the calls layer needs from the Teams Direct Routing trunk, and what the trunk implements
 * (server/trunks/direct-routing); app.ts connects the two. The calls layer never sees Microsoft's
 * proxies, failover or the trunk's header rules: it asks for a call to a number and gets something
 * that rings, answers or fails like any INVITE of ours.
 */
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import type { InviteOutcome, OutgoingInviteDelegate } from '../sip/dialog/outgoing-invite.js';

/** An INVITE on its way (an OutgoingInvite, or several in turn through failover). */
export interface PlacedInvite {
  delegate: OutgoingInviteDelegate;
  readonly outcome: Promise<InviteOutcome>;
  cancel(reason?: string): void;
}

export interface TeamsCallRequest {
  /** The Teams user's number, E.164 with `+`. */
  readonly number: string;
  /** How the caller is shown in Teams: a number (made E.164) and a name. */
  readonly caller: { readonly user: string; readonly displayName: string };
  /** The SDP rtpengine made toward the trunk (SDES-SRTP). */
  readonly offer: string;
  readonly callId: string;
}

export interface TeamsTrunkLink {
  /** Whether a dialled number belongs to a Teams user reached over the trunk (configured numbers or prefixes). */
  reaches(e164: string): boolean;
  /** Places the INVITE toward Teams (failing over across Microsoft's proxies). */
  place(request: TeamsCallRequest): PlacedInvite;
}

/** Where the trunk hands the calls layer an INVITE from Teams; `trunk` names it in records (`teams:<fqdn>`). */
export type TeamsInviteSink = (invite: IncomingInvite, trunk: string) => void;
