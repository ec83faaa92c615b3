/**
 * Which agents a call to a number rings, until the routing engine decides (issue 5): for a queue,
 * the tenant's enabled agents that have every skill the queue requires and at least one live
 * registration, those idle longest first; for an agent number, that agent. One agent rings at a
 * time (a hunt), so a B2BUA leg never forks.
 */
import type { Binding } from '../sip/registrar/registrar-types.js';
import type { Agent, AgentRepository, PhoneNumber, QueueRepository } from '../store/store-types.js';

export interface HuntCandidate {
  readonly agent: Agent;
  readonly bindings: readonly Binding[];
}

export interface AgentHuntDeps {
  readonly agents: AgentRepository;
  readonly queues: QueueRepository;
  readonly bindingsOf: (username: string) => Binding[];
  /** The agents on a call now (skipped), read once per hunt. */
  readonly busyAgents: () => ReadonlySet<string>;
  /** When an agent last finished a call (0 when never), for longest idle first. */
  readonly lastCallEnded: (agentId: string) => number;
}

export class AgentHunt {
  constructor(private readonly deps: AgentHuntDeps) {}

  /** Whether the agent has a live registration at all (to tell busy from offline). */
  isRegistered(username: string): boolean {
    return this.deps.bindingsOf(username).length > 0;
  }

  candidates(target: PhoneNumber['target'], tenantId: string): HuntCandidate[] {
    const { agents, queues } = this.deps;
    let pool: Agent[];
    if (target.kind === 'agent') {
      const agent = agents.findByUsername(tenantId, target.name);
      pool = agent ? [agent] : [];
    } else {
      const queue = target.kind === 'queue' ? queues.findByName(tenantId, target.name) : null;
      const required = queue?.requiredSkills ?? [];
      pool = agents
        .list(tenantId)
        .filter((agent) => agent.role === 'agent')
        .filter((agent) =>
          required.every((need) =>
            agent.skills.some((has) => has.skill === need.skill && has.level >= need.level),
          ),
        );
    }
    const busy = this.deps.busyAgents();
    return pool
      .filter((agent) => agent.enabled && !busy.has(agent.id))
      .map((agent) => ({ agent, bindings: this.deps.bindingsOf(agent.username) }))
      .filter((candidate) => candidate.bindings.length > 0)
      .sort((a, b) => this.deps.lastCallEnded(a.agent.id) - this.deps.lastCallEnded(b.agent.id));
  }
}
