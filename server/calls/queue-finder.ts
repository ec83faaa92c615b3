/**
 * A caller for a queue, as the routing engine sees it: the call is queued when it starts, and every
 * offer the engine makes becomes a ring attempt toward that agent's device. The engine owns the ring
 * timer (RONA), the choice of agent and the first-answer-wins rule; this finder reports what each
 * attempt did and obeys the engine's withdrawals.
 *
 *   start --enqueue--> Waiting --offer--> ringing agent(s) --agent answers, engine agrees--> Connected
 *                         ^                    |
 *                         +--refused / RONA ---+         caller leaves, max wait, closed --> Done
 */
import type { Logger } from '../shared/logger.js';
import type { CallOffer, QueueExit, RoutingEngine, WithdrawReason } from '../routing/index.js';
import type { CallRinger, CalleeFinder } from './callee-finder.js';
import { HuntFinder } from './callee-finder.js';
import type { CallerIdentity, CallTarget } from './callee-placer.js';
import type { RingAttempt } from './ring-attempt.js';

export interface QueuedCaller {
  readonly callId: string;
  readonly tenantId: string;
  readonly queueIds: readonly string[];
  readonly callerNumber: string;
  /** How the caller is shown on the agent's phone. */
  readonly identity: CallerIdentity;
}

export interface QueueFinderDeps {
  readonly engine: RoutingEngine;
  readonly logger: Logger;
  /** The device an offer rings: the agent's latest registration, or null when there is none. */
  readonly targetFor: (agentId: string) => CallTarget | null;
  /** Where an overflow to a number goes (through the tenant's trunk), or null. */
  readonly numberTarget: (e164: string) => Promise<CallTarget | null>;
  readonly ringTimeoutMs: number;
  /** The engine accepted the answer: this agent is on this call for routing. */
  readonly onRouted: (agentId: string) => void;
}

/** SIP Reason header values for a CANCEL, by why the engine took the offer back. */
const CANCEL_REASON: Record<WithdrawReason, string> = {
  rona: 'SIP;cause=480;text="No answer"',
  'caller-left': 'SIP;cause=487;text="Caller left"',
  'answered-elsewhere': 'SIP;cause=200;text="Call completed elsewhere"',
  'agent-unavailable': 'SIP;cause=480;text="Agent unavailable"',
};

export class QueueFinder implements CalleeFinder {
  private ringer: CallRinger | null = null;
  private readonly ringing = new Map<string, RingAttempt>();
  /** Attempts the engine took back: their end is not the agent refusing. */
  private readonly withdrawn = new Set<RingAttempt>();
  private done = false;
  private overflow: HuntFinder | null = null;

  constructor(
    private readonly caller: QueuedCaller,
    private readonly deps: QueueFinderDeps,
  ) {}

  get callId(): string {
    return this.caller.callId;
  }

  start(ringer: CallRinger): void {
    this.ringer = ringer;
    const { engine } = this.deps;
    const result = engine.enqueue({
      callId: this.caller.callId,
      tenantId: this.caller.tenantId,
      queueIds: this.caller.queueIds,
      callerNumber: this.caller.callerNumber,
    });
    if (!result.ok) {
      this.deps.logger.error({ err: result.error, callId: this.callId }, 'routing refused the caller');
      this.finish();
      ringer.giveUp(500, 'failed');
      return;
    }
    if (result.value.outcome === 'exit') {
      this.leave(result.value.exit);
      return;
    }
    // Offers may already be out (an agent was free); otherwise the caller hears ringback while waiting.
    if (!this.done && this.ringing.size === 0) ringer.waiting();
  }

  stop(): void {
    this.overflow?.stop();
    if (this.done) return;
    this.finish();
    if (this.deps.engine.isWaiting(this.callId)) this.deps.engine.removeCall(this.callId, 'abandoned');
  }

  /** The caller leaves the queue for a callback that takes their place (not an abandon). */
  leaveForCallback(): void {
    if (this.done) return;
    this.finish();
    for (const attempt of this.ringing.values()) attempt.cancel();
    if (this.deps.engine.isWaiting(this.callId)) this.deps.engine.removeCall(this.callId, 'removed');
  }

  /** The engine rings an agent. */
  offer(offer: CallOffer): void {
    const ringer = this.ringer;
    const { engine } = this.deps;
    if (!ringer || this.done) {
      engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: offer.callId });
      return;
    }
    const target = this.deps.targetFor(offer.agentId);
    if (!target) {
      // Logged in but no device left: the engine offers someone else (and the agent's session ends).
      engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: offer.callId });
      return;
    }
    const attempt = ringer.ring(target);
    this.ringing.set(offer.agentId, attempt);
    void attempt.outcome.then(async (outcome) => {
      if (this.ringing.get(offer.agentId) === attempt) this.ringing.delete(offer.agentId);
      const withdrawn = this.withdrawn.delete(attempt);
      switch (outcome.kind) {
        case 'answered': {
          const accepted = !withdrawn && !this.done && this.accept(offer);
          if (!accepted) {
            void outcome.dialog.bye();
            return;
          }
          this.deps.onRouted(offer.agentId);
          await ringer.connect(attempt, outcome);
          return;
        }
        case 'refused':
          if (!withdrawn && !this.done) {
            engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: offer.callId });
          }
          return;
        case 'media-failed':
          if (!withdrawn) engine.agentCommand(offer.agentId, { type: 'offerRejected', callId: offer.callId });
          if (!this.done) {
            this.stop();
            ringer.giveUp(outcome.status, outcome.reason);
          }
          return;
        case 'cancelled':
          return;
      }
    });
  }

  /** The engine stops ringing an agent (RONA, the caller left, another agent answered...). */
  withdraw(agentId: string, reason: WithdrawReason): void {
    const attempt = this.ringing.get(agentId);
    if (!attempt) return;
    this.ringing.delete(agentId);
    this.withdrawn.add(attempt);
    attempt.cancel(CANCEL_REASON[reason]);
  }

  /** The caller leaves every queue without an agent: to the overflow number, or turned away. */
  leave(exit: QueueExit): void {
    const ringer = this.ringer;
    if (!ringer || this.done) return;
    this.finish();
    if (!exit.target) {
      // 480 rather than 408: a carrier treats 408 as a failed route and may try elsewhere.
      ringer.giveUp(480, exit.reason === 'closed' ? 'unavailable' : 'no-answer');
      return;
    }
    const e164 = exit.target.e164;
    void this.deps.numberTarget(e164).then((target) => {
      if (!target) {
        this.deps.logger.warn({ callId: this.callId, e164 }, 'overflow number has no route');
        ringer.giveUp(480, 'unavailable');
        return;
      }
      this.overflow = new HuntFinder([target], this.deps.ringTimeoutMs);
      this.overflow.start(ringer);
    });
  }

  private accept(offer: CallOffer): boolean {
    const result = this.deps.engine.agentCommand(offer.agentId, {
      type: 'offerAccepted',
      callId: offer.callId,
    });
    if (!result.ok) {
      this.deps.logger.info({ callId: this.callId, agentId: offer.agentId }, 'answer after the offer ended');
      return false;
    }
    this.finish();
    return true;
  }

  private finish(): void {
    this.done = true;
  }
}
