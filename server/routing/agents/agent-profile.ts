/** An agent from the store, as routing needs them. */
import type { Agent } from '../../store/store-types.js';
import { DEFAULT_CAPACITY, skillSetOf, type ChannelCapacity } from '../skills.js';
import type { AgentProfile } from './agent-machine-types.js';

export interface AgentRoutingSettings {
  /** Defaults to one voice call. */
  readonly capacity?: ChannelCapacity;
  /** This agent's own wrap-up time; defaults to the queue's. */
  readonly wrapUpMs?: number | null;
}

export function agentProfileFromStore(agent: Agent, settings: AgentRoutingSettings = {}): AgentProfile {
  return {
    agentId: agent.id,
    tenantId: agent.tenantId,
    skills: skillSetOf(agent.skills),
    capacity: settings.capacity ?? DEFAULT_CAPACITY,
    wrapUpMs: settings.wrapUpMs ?? null,
  };
}
