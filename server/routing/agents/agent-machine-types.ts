/**
 * Contract of one agent's state machine with its owner (the routing engine): who the agent is, and
 * the delegate it reports every change through.
 */
import type { ChannelCapacity, SkillSet } from '../skills.js';
import type { AgentEffect, AgentEvent } from './agent-events.js';
import type { AgentStatus } from './agent-state.js';

export interface AgentProfile {
  readonly agentId: string;
  readonly tenantId: string;
  readonly skills: SkillSet;
  readonly capacity: ChannelCapacity;
  /** This agent's wrap-up time, overriding the queue's; null to follow the queue. */
  readonly wrapUpMs: number | null;
}

/** One applied transition: what happened, the status before and after, and what it asks of the engine. */
export interface AgentChange {
  readonly agentId: string;
  readonly event: AgentEvent;
  readonly from: AgentStatus;
  readonly to: AgentStatus;
  readonly effects: readonly AgentEffect[];
  readonly at: number;
}

export interface AgentMachineDelegate {
  /** Called after every transition that changed the status or raised effects, timers' included. */
  onAgentTransition(change: AgentChange): void;
  /** The agent has been on the same call for another audit interval: does the call still exist? */
  onCallAuditDue(agentId: string, callId: string): void;
}
