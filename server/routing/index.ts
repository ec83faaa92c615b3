/** What the rest of the server uses of routing: the engine, its contract, and how to configure it. */
export { RoutingEngine, type RoutingEngineInit } from './routing-engine.js';
export type * from './routing-engine-types.js';
export { RoutingError, type RoutingErrorCode } from './routing-error.js';
export { routingOptions, routingOptionsSchema, type RoutingOptions } from './routing-options.js';
export { loadTenant, type LoadTenantOptions } from './load-from-store.js';
export {
  queueConfig,
  queueConfigFromStore,
  queueConfigSchema,
  type QueueConfig,
} from './queues/queue-config.js';
export { agentProfileFromStore } from './agents/agent-profile.js';
export type { AgentProfile, AgentChange } from './agents/agent-machine-types.js';
export type { AgentCommand, AgentEffect, OfferOutcome, ForceTarget } from './agents/agent-events.js';
export { AgentState, type AgentStatus } from './agents/agent-state.js';
export { AgentTransitionError, type AgentTransitionErrorCode } from './agents/agent-transition-error.js';
export { systemClock, type Clock, type TimerHandle } from './clock.js';
