/**
 * Where the callee's leg goes, as call targets a bridged call tries in turn: an agent's most recent
 * registration (its WebSocket or TCP connection, or its UDP address), or a number through a trunk's
 * outbound URI. Each places an INVITE carrying the caller's identity in From.
 */
import { isSipUri, parseNameAddr, parseUri, type SipRequest } from '../sip/message/index.js';
import type { SipCore } from '../sip/core/sip-core.js';
import type { DialogLayer } from '../sip/dialog/dialog-layer.js';
import { destinationFor } from '../sip/dialog/next-hop.js';
import type { Trunk } from '../store/store-types.js';
import type { HuntCandidate } from './agent-hunt.js';
import { legMediaOf, type LegMedia } from './media-profiles.js';
import type { PlacedInvite, TeamsTrunkLink } from './teams-trunk-types.js';
import { offerContextHeaders, type OfferContext } from './offer-context.js';

export interface CallTarget {
  /** For the call record and logs: `agent:alice`, `trunk:pstn`. */
  readonly label: string;
  readonly agentId: string | null;
  readonly media: LegMedia;
  /** Places the INVITE with `offer` (the SDP rtpengine made for this target); `caller` may be none (a callback). */
  place(offer: string, caller: SipRequest | null, callId: string): PlacedInvite;
}

export interface CalleePlacerDeps {
  readonly dialogs: DialogLayer;
  readonly core: SipCore;
  /** The SIP domain agents are addressed in. */
  readonly domain: string;
}

/** How the caller is shown to the callee. */
export interface CallerIdentity {
  readonly user: string;
  readonly displayName: string;
  /** For a queue caller: the queue, the wait and the IVR choices, shown on the agent's desk. */
  readonly offerContext?: OfferContext;
}

export function callerOf(request: SipRequest): CallerIdentity {
  const from = request.from;
  const asserted = assertedIdentity(request);
  const fromUser = isSipUri(from.uri) && from.uri.user ? from.uri.user : undefined;
  const user = fromUser ?? asserted?.user ?? 'anonymous';
  const displayName = from.displayName ?? asserted?.displayName ?? user;
  return { user, displayName: displayName.replace(/["\\\r\n]/g, '') };
}

/**
 * RFC 3325 P-Asserted-Identity, as trunks (Teams Direct Routing among them) send it: who the caller
 * is when From says less (no display name, anonymous). Undefined when absent or unreadable.
 */
function assertedIdentity(request: SipRequest): { user?: string; displayName?: string } | undefined {
  const value = request.headers.get('p-asserted-identity');
  if (value === undefined) return undefined;
  try {
    const identity = parseNameAddr(value, 'P-Asserted-Identity');
    const user = isSipUri(identity.uri) && identity.uri.user ? identity.uri.user : undefined;
    return { user, displayName: identity.displayName ?? undefined };
  } catch {
    return undefined;
  }
}

export class CalleePlacer {
  constructor(private readonly deps: CalleePlacerDeps) {}

  /** The agent's most recent registration: the device it used last. */
  agent(candidate: HuntCandidate, caller: CallerIdentity): CallTarget {
    const binding = candidate.bindings[0]!;
    const destination = this.deps.core.destinationOf(binding);
    const { dialogs, domain } = this.deps;
    return {
      label: `agent:${candidate.agent.username}`,
      agentId: candidate.agent.id,
      media: legMediaOf('flow' in destination ? destination.flow : null),
      place: (offer, _request, callId) =>
        dialogs.invite(
          {
            uri: binding.contact,
            from: `"${caller.displayName}" <sip:${caller.user}@${domain}>`,
            to: `<sip:${candidate.agent.username}@${domain}>`,
            body: offer,
            headers: [
              ['X-Tandem-Call-Id', callId],
              ...(caller.offerContext ? offerContextHeaders(caller.offerContext, Date.now()) : []),
            ],
          },
          destination,
        ),
    };
  }

  /**
   * A Teams user's number over the Direct Routing trunk: SDES-SRTP toward it (Teams takes nothing
   * else), the caller shown by number (`+E164`) and name.
   */
  teams(link: TeamsTrunkLink, number: string, caller: CallerIdentity): CallTarget {
    return {
      label: `teams:${number}`,
      agentId: null,
      media: 'srtp',
      place: (offer, _request, callId) => link.place({ number, caller, offer, callId }),
    };
  }

  /** A number through a trunk's outbound URI (`sip:carrier.example.com:5060;transport=tcp`). */
  async trunk(trunk: Trunk, number: string, caller: CallerIdentity): Promise<CallTarget | null> {
    if (!trunk.outboundUri) return null;
    const proxy = parseUri(trunk.outboundUri);
    if (!isSipUri(proxy)) return null;
    const destination = await destinationFor(proxy, { isOpen: () => false });
    const port = proxy.port ? `:${proxy.port}` : '';
    const transport = proxy.params.get('transport');
    const uri = `sip:${number}@${proxy.host}${port};user=phone${transport ? `;transport=${transport}` : ''}`;
    return {
      label: `trunk:${trunk.name}`,
      agentId: null,
      media: 'rtp',
      place: (offer) =>
        this.deps.dialogs.invite(
          {
            uri,
            from: `"${caller.displayName}" <sip:${caller.user}@${proxy.host};user=phone>`,
            to: `<sip:${number}@${proxy.host};user=phone>`,
            body: offer,
          },
          destination,
        ),
    };
  }
}
