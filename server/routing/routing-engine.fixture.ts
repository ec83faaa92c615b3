/**
 * Test support: a routing engine on a manual clock with a delegate that records what the engine
 * asked for, as the calls layer would see it, and short helpers to build a contact center.
 */
import { createRootLogger } from '../shared/logger.js';
import type { AgentProfile } from './agents/agent-machine-types.js';
import type { AgentStatus } from './agents/agent-state.js';
import type { Clock } from './clock.js';
import { ManualClock } from './manual-clock.js';
import { queueConfig, type QueueConfigInput } from './queues/queue-config.js';
import { RoutingEngine } from './routing-engine.js';
import type {
  CallOffer,
  EnqueueResult,
  QueueExit,
  RoutingDelegate,
  WithdrawReason,
} from './routing-engine-types.js';
import type { RoutingOptions } from './routing-options.js';
import { DEFAULT_CAPACITY } from './skills.js';

export const TENANT = 'demo';

export class RecordingDelegate implements RoutingDelegate {
  readonly offers: CallOffer[] = [];
  readonly withdrawals: { offer: CallOffer; reason: WithdrawReason }[] = [];
  readonly exits: QueueExit[] = [];
  /** Calls the calls layer no longer knows (for the on-call audit). */
  readonly goneCalls = new Set<string>();

  offerCall(offer: CallOffer): void {
    this.offers.push(offer);
  }

  withdrawOffer(offer: CallOffer, reason: WithdrawReason): void {
    this.withdrawals.push({ offer, reason });
  }

  callLeftQueues(exit: QueueExit): void {
    this.exits.push(exit);
  }

  isCallActive(callId: string): boolean {
    return !this.goneCalls.has(callId);
  }

  /** "callId→agentId" of every offer so far, for readable assertions. */
  get offered(): string[] {
    return this.offers.map((offer) => `${offer.callId}→${offer.agentId}`);
  }
}

export interface ContactCenter {
  readonly engine: RoutingEngine;
  readonly clock: ManualClock;
  readonly delegate: RecordingDelegate;
  queue(id: string, settings?: Omit<QueueConfigInput, 'id' | 'tenantId' | 'name'>): void;
  agent(id: string, skills?: Record<string, number>, extra?: Partial<AgentProfile>): void;
  /** Logs the agent in and makes them Available. */
  ready(id: string): AgentStatus;
  call(callId: string, queueIds: string | string[], callerNumber?: string, priority?: number): EnqueueResult;
  accept(agentId: string, callId: string): void;
  hangUp(agentId: string, callId: string): void;
  state(agentId: string): string;
}

export function contactCenter(options: Partial<RoutingOptions> = {}, clock?: Clock): ContactCenter {
  const manual = new ManualClock();
  const delegate = new RecordingDelegate();
  const engine = new RoutingEngine({
    delegate,
    clock: clock ?? manual,
    logger: createRootLogger({ level: 'silent' }),
    options,
  });
  const must = <T>(result: { ok: true; value: T } | { ok: false; error: Error }): T => {
    if (!result.ok) throw result.error;
    return result.value;
  };
  return {
    engine,
    clock: manual,
    delegate,
    queue: (id, settings = {}) =>
      must(engine.addQueue(queueConfig({ id, tenantId: TENANT, name: id, ...settings }))),
    agent: (id, skills = { english: 3 }, extra = {}) =>
      must(
        engine.addAgent({
          agentId: id,
          tenantId: TENANT,
          skills: new Map(Object.entries(skills)),
          capacity: DEFAULT_CAPACITY,
          wrapUpMs: null,
          ...extra,
        }),
      ),
    ready: (id) => {
      must(engine.agentCommand(id, { type: 'login' }));
      return must(engine.agentCommand(id, { type: 'setAvailable' }));
    },
    call: (callId, queueIds, callerNumber = '+15550001', priority) =>
      must(
        engine.enqueue({
          callId,
          tenantId: TENANT,
          queueIds: typeof queueIds === 'string' ? [queueIds] : queueIds,
          callerNumber,
          priority,
        }),
      ),
    accept: (agentId, callId) => must(engine.agentCommand(agentId, { type: 'offerAccepted', callId })),
    hangUp: (agentId, callId) => must(engine.agentCommand(agentId, { type: 'callEnded', callId })),
    state: (agentId) => engine.agentStatus(agentId)?.state ?? 'unknown',
  };
}
