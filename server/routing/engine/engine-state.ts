/**
 * The state the engine's parts share: agents with their queue memberships and today's figures,
 * queues, waiting calls, and the work left for the next dispatch (calls and agents that changed).
 */
import type { AgentMachine } from '../agents/agent-machine.js';
import { AgentState, type AgentStatus } from '../agents/agent-state.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../../shared/logger.js';
import type { TypedEmitter } from '../../shared/typed-emitter.js';
import type { CallQueue } from '../queues/call-queue.js';
import type { WaitingCall } from '../queues/waiting-call.js';
import type { RoutingDelegate, RoutingEngineEvents } from '../routing-engine-types.js';
import type { RoutingOptions } from '../routing-options.js';
import type { AgentCandidate } from '../strategies/strategy-types.js';

/** Talk time and calls answered on one local day. */
export interface DailyFigures {
  day: string;
  talkTimeMs: number;
  calls: number;
}

export interface AgentEntry {
  readonly machine: AgentMachine;
  /** Queues whose widest requirements the agent meets, highest priority first. */
  queues: CallQueue[];
  /** Whether the agent is in its queues' free-member sets (kept in step with isOfferable). */
  listedFree: boolean;
  readonly today: DailyFigures;
  /** The strategies' view of the agent, reused while status, figures and day stay the same. */
  cached: { candidate: AgentCandidate; status: AgentStatus; day: string } | null;
}

export interface EngineState {
  readonly clock: Clock;
  readonly options: RoutingOptions;
  readonly vipNumbers: ReadonlySet<string>;
  readonly queues: Map<string, CallQueue>;
  readonly agents: Map<string, AgentEntry>;
  readonly calls: Map<string, WaitingCall>;
  /** Calls that may have become routable: new, free again after an offer, wider requirements. */
  readonly dirtyCalls: Set<WaitingCall>;
  /** Agents who may have become offerable. */
  readonly dirtyAgents: Set<string>;
  readonly events: TypedEmitter<RoutingEngineEvents>;
  readonly delegate: RoutingDelegate;
  readonly logger: Logger;
}

/** Whether an agent could take a voice offer now: Available, free in Teams, with voice capacity. */
export function isOfferable(entry: AgentEntry): boolean {
  const { status, profile } = entry.machine;
  return status.state === AgentState.Available && !status.presence.busy && profile.capacity.voice >= 1;
}

/** Queue order across queues: higher priority first, then id (stable). */
export function queuePriorityOrder(a: CallQueue, b: CallQueue): number {
  return b.config.priority - a.config.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Calls the delegate, logging instead of letting the other layer's failure break routing. */
export function callDelegate(state: EngineState, what: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    state.logger.error({ err: error, what }, 'routing delegate threw');
  }
}
