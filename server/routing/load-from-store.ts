/**
 * Fills an engine with one tenant's queues and agents from the store. Routing settings the store
 * does not keep yet (service level, maximum wait, hours...) come from `queueSettings`, by queue name.
 */
import type { AgentRole, Store } from '../store/store-types.js';
import { agentProfileFromStore } from './agents/agent-profile.js';
import { queueConfigFromStore, type QueueConfigInput } from './queues/queue-config.js';
import type { RoutingEngine } from './routing-engine.js';

export interface LoadTenantOptions {
  /** Who takes calls; supervisors and administrators only when listed. Defaults to agents. */
  readonly roles?: readonly AgentRole[];
  readonly queueSettings?: Readonly<Record<string, Omit<QueueConfigInput, 'id' | 'tenantId' | 'name'>>>;
}

export function loadTenant(
  engine: RoutingEngine,
  store: Pick<Store, 'agents' | 'queues'>,
  tenantId: string,
  options: LoadTenantOptions = {},
): { queues: number; agents: number } {
  const roles = new Set(options.roles ?? ['agent']);
  let queues = 0;
  let agents = 0;
  for (const queue of store.queues.list(tenantId)) {
    if (engine.addQueue(queueConfigFromStore(queue, options.queueSettings?.[queue.name])).ok) queues++;
  }
  for (const agent of store.agents.list(tenantId)) {
    if (!agent.enabled || !roles.has(agent.role)) continue;
    if (engine.addAgent(agentProfileFromStore(agent)).ok) agents++;
  }
  return { queues, agents };
}
