/**
 * The routing engine at work on real calls: it hosts the engine (server/routing, pure), implements
 * its delegate with ring attempts toward the agents' devices, logs agents in and out as their
 * devices register and go away, and tells the engine when a routed call ends (wrap-up follows).
 *
 * Calls that do not come through a queue (an agent dialling an extension or a number, a transfer to
 * an agent) are "direct calls": while an agent is on one, routing sees them Not ready with the
 * reason `direct-call`, so that no queue caller rings them mid-conversation; afterwards they are
 * Available again if they were before.
 */
import type { Logger } from '../shared/logger.js';
import {
  AgentState,
  RoutingEngine,
  loadTenant,
  routingOptions,
  type CallOffer,
  type QueueConfig,
  type QueueExit,
  type RoutingDelegate,
  type RoutingOptions,
  type WithdrawReason,
} from '../routing/index.js';
import type { LocationService } from '../sip/registrar/location-service.js';
import type { Agent, Store } from '../store/store-types.js';
import type { CallerIdentity, CallTarget } from './callee-placer.js';
import { QueueFinder, type QueuedCaller } from './queue-finder.js';
import { noAgents, type AgentsByState } from '../routing/stats/index.js';

export interface QueueRouterDeps {
  readonly store: Store;
  readonly location: LocationService;
  readonly logger: Logger;
  readonly options: Partial<RoutingOptions>;
  /** Settings the store does not keep (maximum wait...), applied to every queue. */
  readonly queueSettings?: Partial<Pick<QueueConfig, 'maxWaitMs' | 'ringTimeoutMs' | 'wrapUpMs'>>;
  /** The device to ring for an agent (their latest registration). */
  readonly targetFor: (agent: Agent, caller: CallerIdentity) => CallTarget | null;
  /** A number reached through the tenant's trunk (queue overflow). */
  readonly numberTarget: (tenantId: string, e164: string) => Promise<CallTarget | null>;
  /** Whether a call still exists (the engine's on-call audit). */
  readonly isCallActive: (callId: string) => boolean;
  readonly ringTimeoutMs: number;
}

/** Who handles the engine's offers for one waiting call: a queue caller's finder, or a callback. */
export interface OfferHandler {
  offer(offer: CallOffer): void;
  withdraw(agentId: string, reason: WithdrawReason): void;
  leave(exit: QueueExit): void;
}

/** The Not ready reason routing shows while an agent is on a call that did not come from a queue. */
export const DIRECT_CALL_REASON = 'direct-call';

export class QueueRouter implements RoutingDelegate {
  readonly engine: RoutingEngine;
  private readonly finders = new Map<string, OfferHandler>();
  /** Routed calls and the agent routing put on each. */
  private readonly routed = new Map<string, string>();
  private readonly agentsById = new Map<string, Agent>();
  private readonly agentsByUsername = new Map<string, Agent>();
  private readonly queueIds = new Map<string, string>();
  /** Agents not Offline, kept from the engine's state changes. */
  private readonly loggedIn = new Set<string>();
  /** Direct calls per agent, and whether the agent was Available before the first. */
  private readonly direct = new Map<string, { calls: Set<string>; restore: boolean }>();
  private readonly onOnline = (aor: string) => this.deviceOnline(aor);
  private readonly onOffline = (aor: string, reason: string) => this.deviceOffline(aor, reason);

  constructor(private readonly deps: QueueRouterDeps) {
    this.engine = new RoutingEngine({
      delegate: this,
      logger: deps.logger,
      options: {
        ...deps.options,
        notReadyReasons: [
          ...(deps.options.notReadyReasons ?? routingOptions().notReadyReasons),
          DIRECT_CALL_REASON,
        ],
      },
    });
  }

  start(): void {
    const { store, location } = this.deps;
    const settings = this.deps.queueSettings ?? {};
    for (const tenant of store.tenants.list()) {
      const queueSettings = Object.fromEntries(
        store.queues.list(tenant.id).map((queue) => [queue.name, settings]),
      );
      loadTenant(this.engine, store, tenant.id, { queueSettings });
      for (const queue of store.queues.list(tenant.id))
        this.queueIds.set(queueKey(tenant.id, queue.name), queue.id);
      for (const agent of store.agents.list(tenant.id)) {
        if (!agent.enabled || agent.role !== 'agent') continue;
        this.agentsById.set(agent.id, agent);
        if (!this.agentsByUsername.has(agent.username)) this.agentsByUsername.set(agent.username, agent);
      }
    }
    this.engine.events.on('agentChanged', ({ agentId, to }) => {
      if (to.state === AgentState.Offline) this.loggedIn.delete(agentId);
      else this.loggedIn.add(agentId);
    });
    location.on('online', this.onOnline);
    location.on('offline', this.onOffline);
    for (const agent of this.agentsById.values()) {
      if (location.lookup(agent.username).length > 0) this.deviceOnline(agent.username);
    }
  }

  close(): void {
    this.deps.location.off('online', this.onOnline);
    this.deps.location.off('offline', this.onOffline);
    this.engine.close();
  }

  /** The queue id of one of a tenant's queues by name, if routing knows it (read at start, not per call). */
  queueId(tenantId: string, name: string): string | null {
    return this.queueIds.get(queueKey(tenantId, name)) ?? null;
  }

  /** Whether any agent who could answer the queue is logged in (a caller does not join an empty queue). */
  isStaffed(queueId: string): boolean {
    for (const agentId of this.loggedIn) {
      if (this.engine.agentQueues(agentId).includes(queueId)) return true;
    }
    return false;
  }

  /** The logged-in members of a queue by state (for the expected wait), counted over logged-in agents only. */
  agentsByState(queueId: string): AgentsByState {
    const counts = noAgents();
    for (const agentId of this.loggedIn) {
      const status = this.engine.agentStatus(agentId);
      if (status && this.engine.agentQueues(agentId).includes(queueId)) counts[status.state]++;
    }
    return counts;
  }

  /**
   * A caller for a tenant's queue by name: the finder that queues them, or null when the queue is
   * unknown or nobody who could answer it is logged in.
   */
  queueFinder(
    caller: Omit<QueuedCaller, 'queueIds'>,
    queue: string,
  ): { finder: QueueFinder; queueId: string } | null {
    const queueId = this.queueId(caller.tenantId, queue);
    if (!queueId || !this.isStaffed(queueId)) return null;
    const offerContext = {
      queue,
      queuedAt: Date.now(),
      ivrChoices: caller.identity.offerContext?.ivrChoices ?? [],
    };
    const identity = { ...caller.identity, offerContext };
    return { finder: this.finderFor({ ...caller, identity, queueIds: [queueId] }), queueId };
  }

  /** The finder for a caller to queue: it enqueues when the call starts. */
  finderFor(caller: QueuedCaller): QueueFinder {
    const finder = new QueueFinder(caller, {
      engine: this.engine,
      logger: this.deps.logger,
      ringTimeoutMs: this.deps.ringTimeoutMs,
      targetFor: (agentId) => {
        const agent = this.agentsById.get(agentId);
        return agent ? this.deps.targetFor(agent, caller.identity) : null;
      },
      numberTarget: (e164) => this.deps.numberTarget(caller.tenantId, e164),
      onRouted: (agentId) => this.routed.set(caller.callId, agentId),
    });
    this.finders.set(caller.callId, finder);
    return finder;
  }

  /** Whether routing is ringing the agent for this call right now. */
  isOffered(agentId: string, callId: string): boolean {
    return this.engine.agentStatus(agentId)?.offer?.callId === callId;
  }

  /** Offers for `callId` (enqueued by the caller of this) go to `handler` until callFinished(callId). */
  handle(callId: string, handler: OfferHandler): void {
    this.finders.set(callId, handler);
  }

  /** The engine accepted an agent's answer on a call not handled by a QueueFinder (a callback). */
  routedTo(callId: string, agentId: string): void {
    this.routed.set(callId, agentId);
  }

  /** The agent routing put on a call, if any. */
  routedAgent(callId: string): string | null {
    return this.routed.get(callId) ?? null;
  }

  /** A call ended: its finder goes, its routed agent moves on to wrap-up. */
  callFinished(callId: string): void {
    this.finders.delete(callId);
    const agentId = this.routed.get(callId);
    if (agentId === undefined) return;
    this.routed.delete(callId);
    this.engine.agentCommand(agentId, { type: 'callEnded', callId });
  }

  /** An agent is on (or ringing for) a call that routing did not give them. */
  directCallStarted(agentId: string, callId: string): void {
    const status = this.engine.agentStatus(agentId);
    if (!status) return;
    let entry = this.direct.get(agentId);
    if (!entry) {
      const free = status.state === AgentState.Available || status.state === AgentState.Offered;
      entry = { calls: new Set(), restore: free };
      this.direct.set(agentId, entry);
      if (free) this.engine.agentCommand(agentId, { type: 'setNotReady', reason: DIRECT_CALL_REASON });
    }
    entry.calls.add(callId);
  }

  directCallEnded(agentId: string, callId: string): void {
    const entry = this.direct.get(agentId);
    if (!entry?.calls.delete(callId) || entry.calls.size > 0) return;
    this.direct.delete(agentId);
    const status = this.engine.agentStatus(agentId);
    // Only undo our own Not ready: the agent may have picked another state meanwhile.
    if (
      entry.restore &&
      status?.state === AgentState.NotReady &&
      status.notReadyReason === DIRECT_CALL_REASON
    ) {
      this.engine.agentCommand(agentId, { type: 'setAvailable' });
    }
  }

  // ---- RoutingDelegate -------------------------------------------------------------------------

  offerCall(offer: CallOffer): void {
    const finder = this.finders.get(offer.callId);
    if (finder) finder.offer(offer);
    else this.engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: offer.callId });
  }

  withdrawOffer(offer: CallOffer, reason: WithdrawReason): void {
    this.finders.get(offer.callId)?.withdraw(offer.agentId, reason);
  }

  callLeftQueues(exit: QueueExit): void {
    this.finders.get(exit.callId)?.leave(exit);
  }

  isCallActive(callId: string): boolean {
    return this.deps.isCallActive(callId);
  }

  // ---- agents' devices -------------------------------------------------------------------------

  private deviceOnline(username: string): void {
    const agent = this.agentsByUsername.get(username);
    if (!agent) return;
    const status = this.engine.agentStatus(agent.id);
    if (status?.state === AgentState.Offline) this.engine.agentCommand(agent.id, { type: 'login' });
  }

  private deviceOffline(username: string, reason: string): void {
    const agent = this.agentsByUsername.get(username);
    if (!agent) return;
    // Un-registering is signing out; a connection lost or a registration run out is losing the agent.
    this.engine.agentCommand(agent.id, { type: reason === 'unregistered' ? 'logout' : 'connectionLost' });
  }
}

function queueKey(tenantId: string, name: string): string {
  return `${tenantId}\u0000${name}`;
}
