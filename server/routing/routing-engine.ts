/**
 * The ACD: agents and their states, queues with their waiting callers, and the matching of the two.
 * It owns no call: the calls layer asks it to queue a caller and reports answers, and the engine
 * asks back through RoutingDelegate (ring this agent, stop ringing, this caller leaves the queues).
 *
 * Every public operation and every timer runs through `run()`, which ends with one dispatch of
 * whatever changed, so that offers go out at once, exactly once, whatever triggered them.
 */
import { moduleLogger, type Logger } from '../shared/logger.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { AgentCommand, AgentEventType } from './agents/agent-events.js';
import { AgentMachine } from './agents/agent-machine.js';
import type { AgentChange, AgentProfile } from './agents/agent-machine-types.js';
import { AgentState, type AgentStatus } from './agents/agent-state.js';
import { AgentTransitionError } from './agents/agent-transition-error.js';
import type { AgentRules } from './agents/agent-transitions.js';
import { systemClock, type Clock } from './clock.js';
import { AgentRoster } from './engine/agent-roster.js';
import { CallBook } from './engine/call-book.js';
import { Dispatcher } from './engine/dispatcher.js';
import { OfferOutcomes } from './engine/offer-outcomes.js';
import type { AgentEntry, EngineState } from './engine/engine-state.js';
import { CallQueue } from './queues/call-queue.js';
import type { QueueConfig } from './queues/queue-config.js';
import { WaitingCall } from './queues/waiting-call.js';
import { err, ok, type Result } from './result.js';
import type {
  EnqueueRequest,
  EnqueueResult,
  QueueSnapshot,
  RoutingDelegate,
  RoutingEngineEvents,
} from './routing-engine-types.js';
import { RoutingError } from './routing-error.js';
import { routingOptions, type RoutingOptions } from './routing-options.js';

export interface RoutingEngineInit {
  readonly delegate: RoutingDelegate;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly options?: Partial<RoutingOptions>;
}

/** Events only the engine raises; an agent command may not name them. */
const ENGINE_ONLY_EVENTS: ReadonlySet<AgentEventType> = new Set([
  'offer',
  'offerWithdrawn',
  'ringTimeout',
  'wrapUpExpired',
]);

export class RoutingEngine {
  private readonly state: EngineState;
  private readonly roster: AgentRoster;
  private readonly book: CallBook;
  private readonly dispatcher: Dispatcher;
  private readonly outcomes: OfferOutcomes;
  private readonly rules: AgentRules;
  private depth = 0;
  private sequence = 0;
  private closed = false;

  constructor(init: RoutingEngineInit) {
    const options = routingOptions(init.options);
    const logger = moduleLogger(init.logger, 'routing');
    this.state = {
      clock: init.clock ?? systemClock,
      options,
      vipNumbers: new Set(options.vipNumbers),
      queues: new Map(),
      agents: new Map(),
      calls: new Map(),
      dirtyCalls: new Set(),
      dirtyAgents: new Set(),
      events: new TypedEmitter<RoutingEngineEvents>(logger),
      delegate: init.delegate,
      logger,
    };
    this.rules = {
      ronaLimit: options.ronaLimit,
      maxWrapUpExtensionMs: options.maxWrapUpExtensionMs,
      notReadyReasons: new Set(options.notReadyReasons),
      stateAfterLogin: options.stateAfterLogin,
    };
    this.roster = new AgentRoster(this.state);
    this.book = new CallBook(this.state, (work) => this.run(work));
    this.dispatcher = new Dispatcher(this.state, this.roster);
    this.outcomes = new OfferOutcomes(this.state, this.book);
  }

  /** Typed events for the API, history and statistics. */
  get events(): TypedEmitter<RoutingEngineEvents> {
    return this.state.events;
  }

  get options(): RoutingOptions {
    return this.state.options;
  }

  // ---- configuration ---------------------------------------------------------------------------

  addQueue(config: QueueConfig): Result<void, RoutingError> {
    return this.run(() => {
      if (this.state.queues.has(config.id)) return err(new RoutingError('duplicate-queue', config.id));
      const queue = new CallQueue(config);
      this.state.queues.set(config.id, queue);
      this.roster.refreshQueue(queue);
      return ok(undefined);
    });
  }

  /** New settings apply at once: members, deadlines and waiting callers are looked at again. */
  updateQueue(config: QueueConfig): Result<void, RoutingError> {
    return this.run(() => {
      const queue = this.state.queues.get(config.id);
      if (!queue) return err(new RoutingError('unknown-queue', config.id));
      queue.config = config;
      this.roster.refreshQueue(queue);
      for (const call of queue.calls) this.book.review(call);
      return ok(undefined);
    });
  }

  removeQueue(queueId: string): Result<void, RoutingError> {
    return this.run(() => {
      const queue = this.state.queues.get(queueId);
      if (!queue) return err(new RoutingError('unknown-queue', queueId));
      if (queue.length > 0) return err(new RoutingError('queue-not-empty', `${queue.length} waiting`));
      this.state.queues.delete(queueId);
      for (const agentId of queue.members) {
        const entry = this.state.agents.get(agentId);
        if (entry) entry.queues = entry.queues.filter((candidate) => candidate !== queue);
      }
      return ok(undefined);
    });
  }

  addAgent(profile: AgentProfile): Result<AgentStatus, RoutingError> {
    return this.run(() => {
      if (this.state.agents.has(profile.agentId)) {
        return err(new RoutingError('duplicate-agent', profile.agentId));
      }
      const machine = new AgentMachine(profile, {
        clock: this.state.clock,
        rules: this.rules,
        callAuditMs: this.state.options.callAuditMs,
        logger: this.state.logger,
        delegate: {
          onAgentTransition: (change) => this.run(() => this.onAgentTransition(change)),
          onCallAuditDue: (agentId, callId) => this.run(() => this.outcomes.auditCall(agentId, callId)),
        },
      });
      const entry: AgentEntry = {
        machine,
        queues: [],
        listedFree: false,
        cached: null,
        today: { day: '', talkTimeMs: 0, calls: 0 },
      };
      this.state.agents.set(profile.agentId, entry);
      this.roster.refreshMemberships(entry);
      return ok(machine.status);
    });
  }

  /** New skills or capacity: memberships are recomputed; the agent's state is untouched. */
  updateAgent(profile: AgentProfile): Result<AgentStatus, RoutingError> {
    return this.run(() => {
      const entry = this.state.agents.get(profile.agentId);
      if (!entry) return err(new RoutingError('unknown-agent', profile.agentId));
      entry.machine.updateProfile(profile);
      this.roster.refreshMemberships(entry);
      return ok(entry.machine.status);
    });
  }

  /** The agent is deleted: as if their connection dropped, then forgotten. */
  removeAgent(agentId: string): Result<void, RoutingError> {
    return this.run(() => {
      const entry = this.state.agents.get(agentId);
      if (!entry) return err(new RoutingError('unknown-agent', agentId));
      entry.machine.apply({ type: 'connectionLost' });
      entry.machine.close();
      this.roster.detach(entry);
      this.state.agents.delete(agentId);
      return ok(undefined);
    });
  }

  // ---- agents ----------------------------------------------------------------------------------

  /** Anything the agent, a supervisor, the calls layer or Teams presence says about an agent. */
  agentCommand(agentId: string, command: AgentCommand): Result<AgentStatus, AgentTransitionError> {
    return this.run(() => {
      const entry = this.state.agents.get(agentId);
      if (!entry) return err(new AgentTransitionError('unknown-agent', null, command.type, agentId));
      if (ENGINE_ONLY_EVENTS.has(command.type)) {
        return err(new AgentTransitionError('illegal-transition', entry.machine.status.state, command.type));
      }
      return entry.machine.apply(command);
    });
  }

  // ---- calls -----------------------------------------------------------------------------------

  /** Queues a caller in one or more queues; offers may go out before this returns. */
  enqueue(request: EnqueueRequest): Result<EnqueueResult, RoutingError> {
    return this.run(() => {
      const { state } = this;
      if (state.calls.has(request.callId)) return err(new RoutingError('duplicate-call', request.callId));
      if (request.queueIds.length === 0) return err(new RoutingError('no-queue', request.callId));
      for (const queueId of request.queueIds) {
        const queue = state.queues.get(queueId);
        if (!queue) return err(new RoutingError('unknown-queue', queueId));
        if (queue.config.tenantId !== request.tenantId) {
          return err(new RoutingError('tenant-mismatch', `${queueId} is not in ${request.tenantId}`));
        }
      }
      const now = state.clock.now();
      const vip = state.vipNumbers.has(request.callerNumber);
      const call = new WaitingCall({
        callId: request.callId,
        tenantId: request.tenantId,
        callerNumber: request.callerNumber,
        channel: 'voice',
        priority: (request.priority ?? 0) + (vip ? state.options.vipPriorityBoost : 0),
        vip,
        arrivedAt: request.arrivedAt ?? now,
        sequence: this.sequence++,
        extraSkills: request.extraSkills ?? [],
        attributes: request.attributes ?? {},
      });
      const targets: { queue: CallQueue; from: string }[] = [];
      let firstExit: EnqueueResult | null = null;
      for (const queueId of new Set(request.queueIds)) {
        const resolution = this.book.resolve(queueId);
        if ('exit' in resolution)
          firstExit ??= { outcome: 'exit', exit: { callId: call.callId, ...resolution.exit } };
        else if (!targets.some((target) => target.queue === resolution.queue)) {
          targets.push({ queue: resolution.queue, from: queueId });
        }
      }
      if (targets.length === 0 && firstExit) return ok(firstExit);
      state.calls.set(call.callId, call);
      const positions: Record<string, number> = {};
      for (const { queue, from } of targets) {
        positions[queue.id] = this.book.join(call, queue, from === queue.id ? null : from);
      }
      this.book.review(call);
      return ok({ outcome: 'queued', positions });
    });
  }

  /** The caller hung up or was taken elsewhere: ringing agents are released. */
  removeCall(callId: string, reason: 'abandoned' | 'removed' = 'abandoned'): Result<void, RoutingError> {
    return this.run(() => {
      const call = this.state.calls.get(callId);
      if (!call) return err(new RoutingError('unknown-call', callId));
      const offers = [...call.offers.values()];
      call.offers.clear();
      this.book.detach(call, reason);
      for (const offer of offers) this.outcomes.withdraw(offer, 'caller-left');
      return ok(undefined);
    });
  }

  // ---- reading ---------------------------------------------------------------------------------

  agentStatus(agentId: string): AgentStatus | null {
    return this.state.agents.get(agentId)?.machine.status ?? null;
  }

  /** The queues the agent may serve, highest priority first. */
  agentQueues(agentId: string): string[] {
    return this.state.agents.get(agentId)?.queues.map((queue) => queue.id) ?? [];
  }

  /** Every queue's settings (statistics read the service-level targets). */
  queueConfigs(): QueueConfig[] {
    return [...this.state.queues.values()].map((queue) => queue.config);
  }

  /** Every agent the engine knows, as configured (statistics list them per tenant). */
  agentProfiles(): AgentProfile[] {
    return [...this.state.agents.values()].map((entry) => entry.machine.profile);
  }

  /** Why an agent is not being offered calls (the agent client shows it); empty when they are. */
  whyNotOffered(agentId: string): string[] {
    const entry = this.state.agents.get(agentId);
    if (!entry) return ['unknown-agent'];
    const { status, profile } = entry.machine;
    const reasons: string[] = [];
    if (status.state !== AgentState.Available) {
      reasons.push(
        status.notReadyReason ? `state:${status.state}:${status.notReadyReason}` : `state:${status.state}`,
      );
    }
    if (status.presence.busy) reasons.push(`presence:${status.presence.activity ?? 'busy'}`);
    if (profile.capacity.voice < 1) reasons.push('no-voice-capacity');
    if (entry.queues.length === 0) reasons.push('no-queue');
    return reasons;
  }

  queueSnapshot(queueId: string): QueueSnapshot | null {
    const queue = this.state.queues.get(queueId);
    if (!queue) return null;
    const now = this.state.clock.now();
    let longestWaitMs = 0;
    for (const call of queue.calls) {
      const entry = call.entries.get(queueId);
      if (entry) longestWaitMs = Math.max(longestWaitMs, now - entry.enqueuedAt);
    }
    return {
      queueId,
      waiting: queue.length,
      longestWaitMs,
      members: queue.members.size,
      availableMembers: queue.availableMembers.size,
    };
  }

  /** The caller's 1-based position in a queue, or null. */
  positionOf(callId: string, queueId: string): number | null {
    const call = this.state.calls.get(callId);
    return call ? (this.state.queues.get(queueId)?.positionOf(call) ?? null) : null;
  }

  isWaiting(callId: string): boolean {
    return this.state.calls.has(callId);
  }

  /** Stops every timer. Idempotent; the engine does nothing afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.state.agents.values()) entry.machine.close();
    for (const call of this.state.calls.values()) call.timer?.cancel();
  }

  // ---- inside ----------------------------------------------------------------------------------

  /** Runs engine work; the outermost call ends with a dispatch of everything that changed. */
  private run<T>(work: () => T): T {
    this.depth++;
    try {
      return work();
    } finally {
      this.depth--;
      if (this.depth === 0 && !this.closed) {
        this.depth++;
        try {
          this.dispatcher.dispatch();
        } finally {
          this.depth--;
        }
      }
    }
  }

  private onAgentTransition(change: AgentChange): void {
    const entry = this.state.agents.get(change.agentId);
    if (!entry) return;
    const { from, to, event, at } = change;
    this.state.events.emit('agentChanged', change);
    if (from.state === AgentState.OnCall && to.state !== AgentState.OnCall && from.call) {
      this.roster.recordCall(entry, at - from.call.answeredAt);
    }
    if (event.type === 'offerAccepted') this.outcomes.answered(change.agentId, event.callId);
    for (const effect of change.effects) {
      if (effect.type === 'offerEnded')
        this.outcomes.offerEnded(change.agentId, effect.callId, effect.outcome);
      else this.state.logger.info({ agentId: change.agentId, ...effect }, 'call released by routing');
    }
    this.roster.refreshAvailability(entry);
  }
}
