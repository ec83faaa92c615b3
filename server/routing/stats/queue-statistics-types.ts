/**
 * What real-time statistics show (plain JSON, pushed to wallboards) and the events they raise.
 */
import type { AgentState } from '../agents/agent-state.js';
import type { QueueFigures } from './queue-tally.js';

/** Members of a queue by ACD state (an agent in several queues counts in each). */
export type AgentsByState = Record<AgentState, number>;

export interface QueueStatisticsView {
  readonly queueId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly serviceLevelTarget: { readonly percent: number; readonly withinMs: number };
  /** Right now. */
  readonly waiting: number;
  readonly longestWaitMs: number;
  readonly agents: AgentsByState;
  /** Since local midnight in the engine's day time zone. */
  readonly today: QueueFigures;
}

export interface AgentStatisticsView {
  readonly agentId: string;
  readonly tenantId: string;
  readonly state: AgentState;
  readonly notReadyReason: string | null;
  /** ISO 8601. */
  readonly since: string;
  readonly timeInStateMs: number;
  readonly queues: readonly string[];
  readonly today: {
    readonly callsHandled: number;
    readonly talkTimeMs: number;
    readonly handleTimeMs: number;
  };
}

export interface StatisticsSnapshot {
  /** ISO 8601. */
  readonly at: string;
  /** The local date "today" refers to (YYYY-MM-DD) and its time zone. */
  readonly day: string;
  readonly timeZone: string;
  readonly queues: readonly QueueStatisticsView[];
  readonly agents: readonly AgentStatisticsView[];
}

/** A queue call whose handling (talk, then wrap-up) is over. */
export interface HandledCall {
  readonly callId: string;
  readonly queueId: string;
  readonly agentId: string;
  readonly talkMs: number;
  readonly wrapUpMs: number;
  readonly at: number;
}

export interface QueueStatisticsEvents {
  /** Figures changed (throttle pushes: this fires on every agent or caller event). */
  changed: [];
  /** Handling of a call is over: the place to write its wrap-up into the call record. */
  callHandled: [call: HandledCall];
}
