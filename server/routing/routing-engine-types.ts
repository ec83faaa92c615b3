/**
 * The routing engine's contract with the layer that owns calls: requests coming in (a caller to
 * queue, an agent's answer), the delegate the engine calls out through (ring this agent, stop
 * ringing, this caller leaves the queues), and the events it emits for the API and statistics.
 * The calls layer implements RoutingDelegate; routing never imports it.
 */
import type { AgentChange } from './agents/agent-machine-types.js';
import type { OfferOutcome } from './agents/agent-events.js';
import type { SkillRequirement } from './skills.js';

/** A call ringing at an agent's desk. */
export interface CallOffer {
  readonly callId: string;
  readonly agentId: string;
  readonly queueId: string;
  readonly callerNumber: string;
  readonly offeredAt: number;
  readonly ringTimeoutMs: number;
}

/** Why the engine asks to stop ringing an agent. */
export type WithdrawReason = 'rona' | 'caller-left' | 'answered-elsewhere' | 'agent-unavailable';

/** Why a caller's wait in a queue ended without an agent. */
export type QueueExitReason = 'max-wait' | 'max-length' | 'closed';

/** A caller leaving every queue without an agent: transfer to `target`, or (null) end the wait. */
export interface QueueExit {
  readonly callId: string;
  readonly queueId: string;
  readonly reason: QueueExitReason;
  readonly target: { readonly kind: 'number'; readonly e164: string } | null;
}

export interface RoutingDelegate {
  /** Ring the agent. Their answer comes back through `agentCommand` (offerAccepted / offerRejected);
   * the ring timer is the engine's. May be called before the request that caused it returns. */
  offerCall(offer: CallOffer): void;
  /** Stop ringing: it rang out, the caller left, another agent answered, or the agent went away. */
  withdrawOffer(offer: CallOffer, reason: WithdrawReason): void;
  /** The caller left every queue without an agent (asynchronously: maximum wait). */
  callLeftQueues(exit: QueueExit): void;
  /** The on-call audit: whether a call an agent is on still exists. False ends it for routing. */
  isCallActive(callId: string): boolean;
}

export interface EnqueueRequest {
  readonly callId: string;
  readonly tenantId: string;
  /** One or more queues; the caller waits in all of them, and the first agent found anywhere wins. */
  readonly queueIds: readonly string[];
  readonly callerNumber: string;
  /** Higher is served first; VIP numbers add the configured boost. */
  readonly priority?: number;
  /** Skills this caller needs on top of the queues' (from the menu, the CRM...). */
  readonly extraSkills?: readonly SkillRequirement[];
  readonly attributes?: Readonly<Record<string, string>>;
  /** When the caller started waiting, if before this request (defaults to now). */
  readonly arrivedAt?: number;
}

export type EnqueueResult =
  | { readonly outcome: 'queued'; readonly positions: Readonly<Record<string, number>> }
  /** No queue would take the caller (closed, full): send them to `exit.target` or end the call. */
  | { readonly outcome: 'exit'; readonly exit: QueueExit };

export interface CallAnswered {
  readonly callId: string;
  readonly agentId: string;
  readonly queueId: string;
  /** Time in the queue that answered. */
  readonly waitedMs: number;
  readonly withinServiceLevel: boolean;
}

export type CallLeftReason = 'answered' | 'abandoned' | 'exit' | 'removed';

export interface RoutingEngineEvents {
  agentChanged: [change: AgentChange];
  callQueued: [event: { callId: string; queueId: string; position: number; overflowFrom: string | null }];
  callOffered: [offer: CallOffer];
  offerEnded: [offer: CallOffer, outcome: OfferOutcome];
  callAnswered: [event: CallAnswered];
  /** The caller left one queue (answered elsewhere, overflow, abandoned...). */
  callDequeued: [event: { callId: string; queueId: string; reason: CallLeftReason | QueueExitReason }];
  /** The caller is no longer waiting anywhere. */
  callLeft: [event: { callId: string; reason: CallLeftReason }];
}

/** What the engine knows about one queue right now. */
export interface QueueSnapshot {
  readonly queueId: string;
  readonly waiting: number;
  readonly longestWaitMs: number;
  /** Agents who could ever answer its callers (skills), and those free for an offer now. */
  readonly members: number;
  readonly availableMembers: number;
}
