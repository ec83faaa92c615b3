/**
 * The engine's agents: which queues each may serve (by skills, within the tenant), who is free for
 * an offer now, and today's talk time and calls. Membership is computed once per change of an agent
 * or a queue, so that routing a call looks only at the queue's free members, never at every agent.
 */
import { meetsRequirements } from '../skills.js';
import type { CallQueue } from '../queues/call-queue.js';
import { widestRequirements } from '../queues/skills-expansion.js';
import type { AgentCandidate } from '../strategies/strategy-types.js';
import { localTime } from '../time-zone.js';
import { isOfferable, queuePriorityOrder, type AgentEntry, type EngineState } from './engine-state.js';

/** "Today" may be stale by this much around midnight, in exchange for one Intl call a minute. */
const DAY_CACHE_MS = 60_000;

export class AgentRoster {
  private dayCache: { day: string; until: number; from: number } | null = null;

  constructor(private readonly state: EngineState) {}

  /** Recomputes which queues the agent belongs to, then whether they are free for offers. */
  refreshMemberships(entry: AgentEntry): void {
    const agentId = entry.machine.agentId;
    for (const queue of entry.queues) {
      queue.members.delete(agentId);
      queue.availableMembers.delete(agentId);
    }
    entry.queues = [...this.state.queues.values()]
      .filter((queue) => this.qualifies(entry, queue))
      .sort(queuePriorityOrder);
    for (const queue of entry.queues) queue.members.add(agentId);
    entry.listedFree = false;
    this.refreshAvailability(entry);
  }

  /** Recomputes one queue's members after its configuration changed. */
  refreshQueue(queue: CallQueue): void {
    for (const entry of this.state.agents.values()) {
      const member = this.qualifies(entry, queue);
      if (member !== queue.members.has(entry.machine.agentId)) this.refreshMemberships(entry);
      else if (member) entry.queues.sort(queuePriorityOrder); // the priority may have changed
    }
  }

  /**
   * Keeps the queues' free-member sets right; an agent who became free goes to the next dispatch.
   * Cheap when nothing changed: most transitions do not change whether an agent is free.
   */
  refreshAvailability(entry: AgentEntry): void {
    const agentId = entry.machine.agentId;
    const offerable = isOfferable(entry);
    if (offerable === entry.listedFree) return;
    entry.listedFree = offerable;
    for (const queue of entry.queues) {
      if (offerable) queue.availableMembers.add(agentId);
      else queue.availableMembers.delete(agentId);
    }
    if (offerable) this.state.dirtyAgents.add(agentId);
  }

  /** Forgets the agent in every queue. */
  detach(entry: AgentEntry): void {
    const agentId = entry.machine.agentId;
    for (const queue of entry.queues) {
      queue.members.delete(agentId);
      queue.availableMembers.delete(agentId);
    }
    entry.queues = [];
    entry.listedFree = false;
    this.state.dirtyAgents.delete(agentId);
  }

  /** Adds a finished call to the agent's figures for today. */
  recordCall(entry: AgentEntry, talkTimeMs: number): void {
    const day = this.today();
    if (entry.today.day !== day) {
      entry.today.day = day;
      entry.today.talkTimeMs = 0;
      entry.today.calls = 0;
    }
    entry.today.talkTimeMs += Math.max(0, talkTimeMs);
    entry.today.calls += 1;
    entry.cached = null;
  }

  /** The strategies' view of an agent (statuses are immutable, so the status object keys the cache). */
  candidate(entry: AgentEntry, day: string): AgentCandidate {
    const { status, profile } = entry.machine;
    const cached = entry.cached;
    if (
      cached &&
      cached.status === status &&
      cached.day === day &&
      cached.candidate.skills === profile.skills
    ) {
      return cached.candidate;
    }
    const current = entry.today.day === day;
    const candidate: AgentCandidate = {
      agentId: profile.agentId,
      idleSince: status.idleSince ?? status.since,
      talkTimeTodayMs: current ? entry.today.talkTimeMs : 0,
      callsToday: current ? entry.today.calls : 0,
      skills: profile.skills,
    };
    entry.cached = { candidate, status, day };
    return candidate;
  }

  /** The local date in the configured day time zone. */
  today(): string {
    const now = this.state.clock.now();
    const cached = this.dayCache;
    if (cached && now >= cached.from && now < cached.until) return cached.day;
    const day = localTime(this.state.options.dayTimeZone, now).date;
    this.dayCache = { day, from: now, until: now + DAY_CACHE_MS };
    return day;
  }

  private qualifies(entry: AgentEntry, queue: CallQueue): boolean {
    const { profile } = entry.machine;
    return (
      profile.tenantId === queue.config.tenantId &&
      meetsRequirements(profile.skills, widestRequirements(queue.config))
    );
  }
}
