/**
 * Matching waiting callers with free agents. After every change the engine runs `dispatch()`, which
 * looks only at what changed: a call that became routable is offered to the agent its queue's
 * strategy picks among the queue's free members; an agent who became free gets the best caller of
 * the queues they serve (highest queue priority, then caller priority, then the longest waiting).
 *
 * The invariant that makes this enough: after a dispatch, no free caller has a free agent who may
 * take them (unless that agent just missed or declined that very call).
 */
import { mergeRequirements, meetsRequirements, type SkillRequirement } from '../skills.js';
import type { CallQueue } from '../queues/call-queue.js';
import { requirementsAfter } from '../queues/skills-expansion.js';
import { callOrder, type WaitingCall } from '../queues/waiting-call.js';
import type { CallOffer } from '../routing-engine-types.js';
import { STRATEGIES } from '../strategies/index.js';
import type { AgentCandidate } from '../strategies/strategy-types.js';
import type { AgentRoster } from './agent-roster.js';
import { callDelegate, isOfferable, queuePriorityOrder, type EngineState } from './engine-state.js';

/** A safety net far above any real workload: each round makes an offer or clears a mark. */
const MAX_ROUNDS = 1_000_000;

export class Dispatcher {
  constructor(
    private readonly state: EngineState,
    private readonly roster: AgentRoster,
  ) {}

  dispatch(): void {
    const { dirtyCalls, dirtyAgents } = this.state;
    let rounds = 0;
    while ((dirtyCalls.size > 0 || dirtyAgents.size > 0) && rounds++ < MAX_ROUNDS) {
      if (dirtyCalls.size > 0) {
        const calls = [...dirtyCalls].sort((a, b) => this.globalOrder(a, b));
        dirtyCalls.clear();
        for (const call of calls) this.routeCall(call);
        continue;
      }
      const [agentId] = dirtyAgents;
      dirtyAgents.delete(agentId!);
      this.serveAgent(agentId!);
    }
  }

  /** The requirements for a caller in a queue now: the queue's (widened with waiting) and the caller's own. */
  requirements(call: WaitingCall, queue: CallQueue): readonly SkillRequirement[] {
    const entry = call.entries.get(queue.id);
    const waited = entry ? this.state.clock.now() - entry.enqueuedAt : 0;
    return mergeRequirements(requirementsAfter(queue.config, waited), call.extraSkills);
  }

  /** Offers the call in the first of its queues (by priority) that has a suitable free agent. */
  private routeCall(call: WaitingCall): void {
    if (this.state.calls.get(call.callId) !== call || call.reserved) return;
    const queues = [...call.entries.keys()]
      .map((queueId) => this.state.queues.get(queueId))
      .filter((queue): queue is CallQueue => queue !== undefined)
      .sort(queuePriorityOrder);
    for (const queue of queues) {
      if (this.routeInQueue(call, queue)) return;
    }
  }

  /** Runs the queue's strategy over its suitable free members; true when an offer went out. */
  private routeInQueue(call: WaitingCall, queue: CallQueue): boolean {
    if (queue.availableMembers.size === 0) return false;
    const now = this.state.clock.now();
    const requirements = this.requirements(call, queue);
    const day = this.roster.today();
    const candidates: AgentCandidate[] = [];
    for (const agentId of queue.availableMembers) {
      const entry = this.state.agents.get(agentId);
      if (!entry || call.isExcluded(agentId, now)) continue;
      if (!meetsRequirements(entry.machine.profile.skills, requirements)) continue;
      candidates.push(this.roster.candidate(entry, day));
    }
    if (candidates.length === 0) return false;
    const entry = call.entries.get(queue.id);
    const selection = STRATEGIES[queue.config.strategy]({
      call: {
        callId: call.callId,
        priority: call.priority,
        waitedMs: entry ? now - entry.enqueuedAt : 0,
        requirements,
      },
      candidates,
      lastOfferedAgentId: queue.lastOfferedAgentId,
    });
    if (selection.kind === 'none') return false;
    const agentIds = selection.kind === 'one' ? [selection.agentId] : selection.agentIds;
    let offered = false;
    for (const agentId of agentIds) offered = this.offer(call, queue, agentId) || offered;
    return offered;
  }

  /** Finds the best caller this agent may take now and routes it. */
  private serveAgent(agentId: string): void {
    const entry = this.state.agents.get(agentId);
    if (!entry || !isOfferable(entry)) return;
    const now = this.state.clock.now();
    let best: { call: WaitingCall; queue: CallQueue } | null = null;
    for (const queue of entry.queues) {
      if (best && queue.config.priority < best.queue.config.priority) break;
      for (const call of queue.calls) {
        if (best && callOrder(call, best.call) >= 0) break;
        if (call.reserved || call.isExcluded(agentId, now)) continue;
        if (!meetsRequirements(entry.machine.profile.skills, this.requirements(call, queue))) continue;
        best = { call, queue };
        break;
      }
    }
    if (!best) return;
    // The strategy may have picked another free agent; this one then looks again.
    if (this.routeInQueue(best.call, best.queue) && isOfferable(entry)) this.state.dirtyAgents.add(agentId);
  }

  private offer(call: WaitingCall, queue: CallQueue, agentId: string): boolean {
    const entry = this.state.agents.get(agentId);
    if (!entry || this.state.calls.get(call.callId) !== call) return false;
    const { options, clock } = this.state;
    const offer: CallOffer = {
      callId: call.callId,
      agentId,
      queueId: queue.id,
      callerNumber: call.callerNumber,
      offeredAt: clock.now(),
      ringTimeoutMs: queue.config.ringTimeoutMs ?? options.ringTimeoutMs,
    };
    // Registered before the agent moves, so that whatever the move triggers sees the offer.
    call.offers.set(agentId, offer);
    const result = entry.machine.apply({
      type: 'offer',
      offer: {
        callId: call.callId,
        queueId: queue.id,
        offeredAt: offer.offeredAt,
        ringTimeoutMs: offer.ringTimeoutMs,
        wrapUpMs: entry.machine.profile.wrapUpMs ?? queue.config.wrapUpMs ?? options.wrapUpMs,
      },
    });
    if (!result.ok) {
      call.offers.delete(agentId);
      this.state.logger.warn({ callId: call.callId, agentId, code: result.error.code }, 'offer refused');
      return false;
    }
    queue.lastOfferedAgentId = agentId;
    this.state.logger.debug({ callId: call.callId, agentId, queueId: queue.id }, 'call offered');
    this.state.events.emit('callOffered', offer);
    callDelegate(this.state, 'offerCall', () => this.state.delegate.offerCall(offer));
    return true;
  }

  /** Dispatch order of calls marked in the same round: best queue priority, then queue order. */
  private globalOrder(a: WaitingCall, b: WaitingCall): number {
    return this.bestQueuePriority(b) - this.bestQueuePriority(a) || callOrder(a, b);
  }

  private bestQueuePriority(call: WaitingCall): number {
    let best = -Infinity;
    for (const queueId of call.entries.keys()) {
      best = Math.max(best, this.state.queues.get(queueId)?.config.priority ?? -Infinity);
    }
    return best;
  }
}
