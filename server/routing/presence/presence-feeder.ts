/**
 * Turns Teams presence into the routing engine's presenceBusy / presenceFree commands.
 *
 * The feeder knows which Teams user each agent is, tells the source whom to watch, and on every
 * batch (and when presence turns stale) asks the gate about each affected agent. A command goes
 * out only when the gate's answer changes, so a poll that brings nothing new costs the engine
 * nothing. The engine starts every agent as free, so the feeder starts from "free" too.
 *
 * A source that stops answering never blocks routing: presence simply ages, and when it passes
 * staleAfter the gate's stale policy decides (a timer on the clock re-checks at that moment).
 */
import type { Logger } from '../../shared/logger.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { GateDecision, PresenceGate } from './presence-gate.js';
import type { PresenceBatch, PresenceSource, TeamsPresence } from './presence-source-types.js';

export type PresenceCommand =
  { readonly type: 'presenceBusy'; readonly activity: string } | { readonly type: 'presenceFree' };

/**
 * Delivers one command to routing, e.g. `(agentId, command) => engine.agentCommand(agentId, command).ok`.
 * Returning false means "not delivered" (an agent the engine does not know yet): the feeder tries
 * again at the next change or `resend`.
 */
export type PresenceCommandSink = (agentId: string, command: PresenceCommand) => boolean | void;

export interface PresenceFeederInit {
  readonly source: PresenceSource;
  readonly gate: PresenceGate;
  readonly clock: Clock;
  readonly send: PresenceCommandSink;
  readonly logger?: Logger;
}

export interface AgentTeamsLink {
  readonly agentId: string;
  /** Object id or UPN; null when the agent has no Teams account (never held back by presence). */
  readonly teamsUserId: string | null;
}

/** What the feeder knows about one agent, for the agent's client and the supervisor. */
export interface AgentPresenceView {
  readonly agentId: string;
  readonly teamsUserId: string | null;
  readonly presence: TeamsPresence | null;
  readonly stale: boolean;
  readonly decision: GateDecision;
}

const FREE = 'free';

export class PresenceFeeder {
  private readonly source: PresenceSource;
  private readonly gate: PresenceGate;
  private readonly clock: Clock;
  private readonly send: PresenceCommandSink;
  private readonly logger: Logger | undefined;
  /** agentId -> Teams user id as configured. */
  private readonly teamsUserOf = new Map<string, string>();
  /** lower-cased Teams user id -> agents linked to it. */
  private readonly agentsOf = new Map<string, Set<string>>();
  /** lower-cased Teams user id -> latest presence. */
  private readonly presences = new Map<string, TeamsPresence>();
  /** agentId -> key of the last command delivered ('free' or 'busy:<reason>'). */
  private readonly delivered = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private staleTimer: TimerHandle | null = null;
  private closed = false;

  constructor(init: PresenceFeederInit) {
    this.source = init.source;
    this.gate = init.gate;
    this.clock = init.clock;
    this.send = init.send;
    this.logger = init.logger;
    for (const presence of this.source.snapshot()) this.remember(presence);
    this.unsubscribe = this.source.subscribe((batch) => this.onBatch(batch));
  }

  /** Replaces every link at once (start-up, reload from the store). */
  setAgents(links: readonly AgentTeamsLink[]): void {
    const wanted = new Map(links.map((link) => [link.agentId, link.teamsUserId]));
    for (const agentId of [...this.teamsUserOf.keys()]) {
      if (!wanted.has(agentId)) this.unlink(agentId);
    }
    for (const [agentId, teamsUserId] of wanted) this.link(agentId, teamsUserId);
    this.watchLinkedUsers();
    this.evaluate([...wanted.keys()]);
  }

  /** Adds or changes one agent's link. */
  setAgent(agentId: string, teamsUserId: string | null): void {
    this.link(agentId, teamsUserId);
    this.watchLinkedUsers();
    this.evaluate([agentId]);
  }

  /** Forgets an agent (removed from routing); nothing is sent. */
  removeAgent(agentId: string): void {
    this.unlink(agentId);
    this.delivered.delete(agentId);
    this.watchLinkedUsers();
  }

  /** Sends the agent's current command again, e.g. after the engine re-added the agent. */
  resend(agentId: string): void {
    this.delivered.delete(agentId);
    this.evaluate([agentId], true);
  }

  view(agentId: string): AgentPresenceView {
    const teamsUserId = this.teamsUserOf.get(agentId) ?? null;
    const presence = teamsUserId === null ? null : (this.presences.get(key(teamsUserId)) ?? null);
    const now = this.clock.now();
    return {
      agentId,
      teamsUserId,
      presence,
      stale: presence !== null && this.gate.isStale(presence, now),
      decision: this.decide(agentId, now),
    };
  }

  /** Stops listening and cancels the stale timer; idempotent. Does not close the source. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.staleTimer?.cancel();
    this.staleTimer = null;
  }

  private onBatch(batch: PresenceBatch): void {
    if (this.closed) return;
    const affected = new Set<string>();
    for (const presence of batch.presences) {
      this.remember(presence);
      for (const agentId of this.agentsOf.get(key(presence.teamsUserId)) ?? []) affected.add(agentId);
    }
    this.evaluate([...affected]);
  }

  private remember(presence: TeamsPresence): void {
    const previous = this.presences.get(key(presence.teamsUserId));
    // A late answer must not overwrite a newer one.
    if (!previous || previous.observedAt <= presence.observedAt) {
      this.presences.set(key(presence.teamsUserId), presence);
    }
  }

  private link(agentId: string, teamsUserId: string | null): void {
    const current = this.teamsUserOf.get(agentId);
    if (current !== undefined && teamsUserId !== null && key(current) === key(teamsUserId)) return;
    this.unlink(agentId);
    if (teamsUserId === null || teamsUserId.trim() === '') return;
    this.teamsUserOf.set(agentId, teamsUserId);
    const agents = this.agentsOf.get(key(teamsUserId)) ?? new Set<string>();
    agents.add(agentId);
    this.agentsOf.set(key(teamsUserId), agents);
  }

  private unlink(agentId: string): void {
    const current = this.teamsUserOf.get(agentId);
    if (current === undefined) return;
    this.teamsUserOf.delete(agentId);
    const agents = this.agentsOf.get(key(current));
    agents?.delete(agentId);
    if (agents?.size === 0) {
      this.agentsOf.delete(key(current));
      this.presences.delete(key(current));
    }
  }

  private watchLinkedUsers(): void {
    if (this.closed) return;
    this.source.watch(new Set(this.teamsUserOf.values()));
  }

  private decide(agentId: string, now: number): GateDecision {
    const teamsUserId = this.teamsUserOf.get(agentId);
    // An agent without a Teams account is not held back by Teams.
    if (teamsUserId === undefined) return { offer: true, basis: 'free' };
    return this.gate.decide(this.presences.get(key(teamsUserId)), now);
  }

  private evaluate(agentIds: readonly string[], force = false): void {
    if (this.closed) return;
    const now = this.clock.now();
    for (const agentId of agentIds) {
      const decision = this.decide(agentId, now);
      const next = decision.offer ? FREE : `busy:${decision.reason}`;
      const last = this.delivered.get(agentId) ?? (force ? undefined : FREE);
      if (next === last) continue;
      const command: PresenceCommand = decision.offer
        ? { type: 'presenceFree' }
        : { type: 'presenceBusy', activity: decision.reason };
      if (this.deliver(agentId, command)) this.delivered.set(agentId, next);
    }
    this.scheduleStaleCheck(now);
  }

  private deliver(agentId: string, command: PresenceCommand): boolean {
    try {
      return this.send(agentId, command) !== false;
    } catch (error) {
      this.logger?.warn({ agentId, command, err: error }, 'presence command failed');
      return false;
    }
  }

  /** One timer, at the moment the next presence turns stale; it re-checks everyone linked. */
  private scheduleStaleCheck(now: number): void {
    this.staleTimer?.cancel();
    this.staleTimer = null;
    let next = Infinity;
    for (const id of this.agentsOf.keys()) {
      const presence = this.presences.get(id);
      if (presence && !this.gate.isStale(presence, now)) next = Math.min(next, this.gate.staleAt(presence));
    }
    if (next === Infinity) return;
    this.staleTimer = this.clock.setTimer(next - now, () => {
      this.staleTimer = null;
      this.evaluate([...this.teamsUserOf.keys()]);
    });
  }
}

function key(teamsUserId: string): string {
  return teamsUserId.trim().toLowerCase();
}
