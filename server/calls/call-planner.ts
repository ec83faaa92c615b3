/**
 * What an initial INVITE asks for, decided before any media or agent is troubled:
 *
 * - from a trunk: one of our numbers (404 otherwise), whose target (a queue, an agent) gives the agents
 *   to ring;
 * - from an agent (known by the flow it registered over): another agent by extension or name
 *   (internal), one of our numbers (as a trunk caller would reach it), or any other number out through
 *   the tenant's trunk with an outbound URI (outbound; 403 when there is none).
 */
import type { SipRequest } from '../sip/message/index.js';
import { isSipUri } from '../sip/message/index.js';
import type { Agent, CallDirection, PhoneNumber, Store, Trunk } from '../store/store-types.js';
import type { AgentHunt } from './agent-hunt.js';
import type { CallEndReason } from './call-types.js';
import { callerOf, type CalleePlacer, type CallerIdentity, type CallTarget } from './callee-placer.js';
import { normaliseE164, type DialPlan } from './dial-plan.js';
import { offersSupportedAudio } from './offer-codecs.js';
import type { TeamsTrunkLink } from './teams-trunk-types.js';

export interface CallPlan {
  readonly tenantId: string;
  readonly direction: CallDirection;
  readonly from: string;
  readonly to: string;
  /** For the call record's first event. */
  readonly details: Record<string, unknown>;
  /** Tried in order, one at a time. */
  readonly targets: CallTarget[];
  /** What the caller hears when no target is left to try before any rang. */
  readonly whenNobody: { readonly status: number; readonly why: string; readonly reason: CallEndReason };
  readonly callerAgentId: string | null;
  readonly trunk?: string;
  readonly queue?: string;
  /** An IVR flow answers the caller first (the number's target is a flow). */
  readonly flow?: string;
}

export type PlanOutcome = CallPlan | { readonly refuse: number; readonly why: string };

/** Why an INVITE's offer cannot be served (488), or null. */
export function offerProblem(request: SipRequest): string | null {
  const type = request.contentType?.mediaType;
  if (type !== 'application/sdp' || request.body.length === 0) return 'INVITE without SDP';
  if (!offersSupportedAudio(request.bodyText)) return 'no common audio codec';
  // An SDES-SRTP offer (RTP/SAVP) without a key we can use would be answered with no key at all.
  if (/^m=audio \d+ RTP\/SAVP /m.test(request.bodyText) && !/^a=crypto:\d+ AES_/m.test(request.bodyText)) {
    return 'RTP/SAVP offer without a usable a=crypto';
  }
  return null;
}

export interface CallPlannerDeps {
  readonly store: Store;
  readonly hunt: AgentHunt;
  readonly dialPlan: DialPlan;
  readonly placer: CalleePlacer;
  /** The Teams Direct Routing trunk: numbers it reaches go out over it rather than a carrier. */
  readonly teams?: TeamsTrunkLink;
}

export class CallPlanner {
  constructor(private readonly deps: CallPlannerDeps) {}

  fromTrunk(request: SipRequest, trunk: Pick<Trunk, 'name'>): PlanOutcome {
    const resolved = this.deps.dialPlan.resolve(request);
    if (!resolved) return { refuse: 404, why: 'Not Found' };
    return this.toNumber(resolved.entry, resolved.number, callerOf(request), {
      direction: 'inbound',
      callerAgentId: null,
      trunk: trunk.name,
    });
  }

  async fromAgent(request: SipRequest, username: string): Promise<PlanOutcome> {
    const { store, placer } = this.deps;
    const agent = this.findAgent(username);
    if (!agent) return { refuse: 403, why: 'Unknown Agent' };
    const dialled = dialledUser(request);
    if (!dialled) return { refuse: 404, why: 'Not Found' };
    const caller: CallerIdentity = {
      user: agent.extension ?? agent.username,
      displayName: agent.displayName,
    };

    const callee = store.agents
      .list(agent.tenantId)
      .find((other) => other.enabled && (other.extension === dialled || other.username === dialled));
    if (callee) {
      if (callee.id === agent.id) return { refuse: 486, why: 'That Is You' };
      const candidates = this.deps.hunt.candidates({ kind: 'agent', name: callee.username }, agent.tenantId);
      const registered = this.deps.hunt.isRegistered(callee.username);
      return {
        tenantId: agent.tenantId,
        direction: 'internal',
        from: caller.user,
        to: dialled,
        details: { agent: agent.username, callee: callee.username },
        targets: candidates.map((candidate) => placer.agent(candidate, caller)),
        whenNobody: registered
          ? { status: 486, why: 'Busy Here', reason: 'busy' }
          : { status: 480, why: 'Agent Offline', reason: 'unavailable' },
        callerAgentId: agent.id,
      };
    }

    const number = normaliseE164(dialled);
    if (!number) return { refuse: 404, why: 'Not Found' };
    const own = store.numbers.find(number);
    if (own) return this.toNumber(own, number, caller, { direction: 'internal', callerAgentId: agent.id });
    const teams = this.teamsTarget(agent.tenantId, number, {
      user: caller.user,
      displayName: agent.displayName,
    });
    if (teams) {
      return {
        tenantId: agent.tenantId,
        direction: 'outbound',
        from: caller.user,
        to: number,
        details: { agent: agent.username, trunk: 'teams' },
        targets: [teams],
        whenNobody: { status: 503, why: 'Trunk Unavailable', reason: 'unavailable' },
        callerAgentId: agent.id,
        trunk: 'teams',
      };
    }

    const trunk = store.trunks
      .list()
      .find((candidate) => candidate.tenantId === agent.tenantId && candidate.outboundUri);
    if (!trunk) return { refuse: 403, why: 'No Outbound Route' };
    // The PSTN shows the organisation's main number, with the agent's name.
    const mainNumber = store.numbers.list(agent.tenantId)[0]?.e164 ?? caller.user;
    const target = await placer.trunk(trunk, number, { user: mainNumber, displayName: agent.displayName });
    if (!target) return { refuse: 403, why: 'No Outbound Route' };
    return {
      tenantId: agent.tenantId,
      direction: 'outbound',
      from: caller.user,
      to: number,
      details: { agent: agent.username, trunk: trunk.name },
      targets: [target],
      whenNobody: { status: 503, why: 'Trunk Unavailable', reason: 'unavailable' },
      callerAgentId: agent.id,
      trunk: trunk.name,
    };
  }

  /**
   * Where a transfer sends the caller: an agent by extension or name (if registered and free), the
   * first free agent of one of our numbers, or a number through the tenant's outbound trunk.
   */
  async transferTarget(
    tenantId: string,
    dialled: string,
    caller: CallerIdentity,
  ): Promise<CallTarget | null> {
    const { store, hunt, placer } = this.deps;
    const agent = store.agents
      .list(tenantId)
      .find((other) => other.enabled && (other.extension === dialled || other.username === dialled));
    if (agent) {
      const [candidate] = hunt.candidates({ kind: 'agent', name: agent.username }, tenantId);
      return candidate ? placer.agent(candidate, caller) : null;
    }
    const number = normaliseE164(dialled);
    if (!number) return null;
    const own = store.numbers.find(number);
    if (own) {
      const [candidate] = hunt.candidates(own.target, own.tenantId);
      return candidate ? placer.agent(candidate, caller) : null;
    }
    const teams = this.teamsTarget(tenantId, number, caller);
    if (teams) return teams;
    const trunk = store.trunks
      .list()
      .find((candidate) => candidate.tenantId === tenantId && candidate.outboundUri);
    return trunk ? placer.trunk(trunk, number, caller) : null;
  }

  /** A number out through the tenant's outbound trunk (a queue's overflow), shown as the main number. */
  async numberTarget(tenantId: string, e164: string): Promise<CallTarget | null> {
    const { store, placer } = this.deps;
    const trunk = store.trunks
      .list()
      .find((candidate) => candidate.tenantId === tenantId && candidate.outboundUri);
    if (!trunk) return null;
    const mainNumber = store.numbers.list(tenantId)[0]?.e164 ?? e164;
    return placer.trunk(trunk, e164, { user: mainNumber, displayName: mainNumber });
  }

  private toNumber(
    entry: PhoneNumber,
    number: string,
    caller: CallerIdentity,
    origin: { direction: CallDirection; callerAgentId: string | null; trunk?: string },
  ): CallPlan {
    // A queue's agents are chosen by the routing engine when the call starts (queue-router.ts).
    const candidates =
      entry.target.kind === 'agent' ? this.deps.hunt.candidates(entry.target, entry.tenantId) : [];
    return {
      tenantId: entry.tenantId,
      direction: origin.direction,
      from: caller.user,
      to: number,
      details: { ...(origin.trunk ? { trunk: origin.trunk } : {}), target: entry.target },
      targets: candidates
        .filter((candidate) => candidate.agent.id !== origin.callerAgentId)
        .map((candidate) => this.deps.placer.agent(candidate, caller)),
      whenNobody: { status: 480, why: 'No Agent Available', reason: 'unavailable' },
      callerAgentId: origin.callerAgentId,
      trunk: origin.trunk,
      queue: entry.target.kind === 'queue' ? entry.target.name : undefined,
      flow: entry.target.kind === 'flow' ? entry.target.name : undefined,
    };
  }

  /**
   * A Teams user's number over the Direct Routing trunk, when the trunk is wired and reaches it. Teams
   * shows callers by number (From must be `+E164`): a caller without one (an agent) is shown as the
   * organisation's main number, with their name.
   */
  private teamsTarget(tenantId: string, number: string, caller: CallerIdentity): CallTarget | null {
    const teams = this.deps.teams;
    if (!teams?.reaches(number)) return null;
    const shown = normaliseE164(caller.user) ?? this.deps.store.numbers.list(tenantId)[0]?.e164;
    if (!shown) return null;
    return this.deps.placer.teams(teams, number, { user: shown, displayName: caller.displayName });
  }

  private findAgent(username: string): Agent | null {
    for (const tenant of this.deps.store.tenants.list()) {
      const agent = this.deps.store.agents.findByUsername(tenant.id, username);
      if (agent?.enabled) return agent;
    }
    return null;
  }
}

/** The Request-URI's user part, unescaped, without `;user=phone`-style parameters. */
function dialledUser(request: SipRequest): string | null {
  const uri = request.uri;
  if (!isSipUri(uri) || !uri.user) return null;
  try {
    return decodeURIComponent(uri.user.split(';')[0]!);
  } catch {
    return null;
  }
}
