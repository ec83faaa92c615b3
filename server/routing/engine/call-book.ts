/**
 * Waiting callers: joining queues (or being turned away when a queue is closed or full, following
 * its overflow), leaving them, and each call's next deadline (a skills-expansion step, maximum wait,
 * the end of an agent's exclusion), kept as one timer per call.
 */
import { isOpen } from '../queues/business-hours.js';
import type { CallQueue } from '../queues/call-queue.js';
import type { OverflowTarget } from '../queues/queue-config.js';
import { nextExpansionIn } from '../queues/skills-expansion.js';
import type { WaitingCall } from '../queues/waiting-call.js';
import type { CallLeftReason, QueueExit, QueueExitReason } from '../routing-engine-types.js';
import { callDelegate, type EngineState } from './engine-state.js';

/** Where a caller heading for a queue ends up: that queue (or one it overflows to), or nowhere. */
export type QueueResolution = { readonly queue: CallQueue } | { readonly exit: Omit<QueueExit, 'callId'> };

export class CallBook {
  constructor(
    private readonly state: EngineState,
    /** Runs engine work triggered by a timer (so that a dispatch follows). */
    private readonly runFromTimer: (work: () => void) => void,
  ) {}

  /**
   * Follows closed and full queues through their targets until one takes the caller. A chain that
   * loops or names an unknown queue ends the wait (logged: it is a configuration mistake).
   */
  resolve(queueId: string, visited: Set<string> = new Set([queueId])): QueueResolution {
    const queue = this.state.queues.get(queueId);
    if (!queue) return { exit: { queueId, reason: 'closed', target: null } };
    const now = this.state.clock.now();
    let reason: QueueExitReason;
    let target: OverflowTarget | null;
    if (!isOpen(queue.config.businessHours, now)) {
      reason = 'closed';
      target = queue.config.closedTarget;
    } else if (queue.config.maxLength !== null && queue.length >= queue.config.maxLength) {
      reason = 'max-length';
      target = queue.config.overflow;
    } else {
      return { queue };
    }
    if (target?.kind === 'number') return { exit: { queueId, reason, target } };
    if (target?.kind === 'queue') {
      const next = this.state.queues.get(target.queueId);
      if (!visited.has(target.queueId) && next?.config.tenantId === queue.config.tenantId) {
        visited.add(target.queueId);
        return this.resolve(target.queueId, visited);
      }
      this.state.logger.warn(
        { queueId, target: target.queueId },
        'overflow loops, or names an unknown queue or another tenant’s',
      );
    }
    return { exit: { queueId, reason, target: null } };
  }

  /** Puts the call in a queue; returns its 1-based position. */
  join(call: WaitingCall, queue: CallQueue, overflowFrom: string | null): number {
    call.entries.set(queue.id, { queueId: queue.id, enqueuedAt: this.state.clock.now() });
    const position = queue.insert(call);
    this.state.events.emit('callQueued', { callId: call.callId, queueId: queue.id, position, overflowFrom });
    return position;
  }

  /** Takes the call out of every queue and forgets it. Idempotent. */
  detach(call: WaitingCall, reason: CallLeftReason): void {
    if (this.state.calls.get(call.callId) !== call) return;
    this.state.calls.delete(call.callId);
    call.timer?.cancel();
    call.timer = null;
    this.state.dirtyCalls.delete(call);
    for (const queueId of call.entries.keys()) {
      this.state.queues.get(queueId)?.remove(call);
      this.state.events.emit('callDequeued', { callId: call.callId, queueId, reason });
    }
    call.entries.clear();
    this.state.events.emit('callLeft', { callId: call.callId, reason });
  }

  /**
   * Handles what is due now (maximum wait), marks the call for the next dispatch, and sets its
   * timer for the next deadline. A call whose offer is ringing is not moved on: it is checked again
   * when the offer ends.
   */
  review(call: WaitingCall): void {
    if (this.state.calls.get(call.callId) !== call) return;
    const now = this.state.clock.now();
    if (!call.reserved) {
      for (const entry of [...call.entries.values()]) {
        const queue = this.state.queues.get(entry.queueId);
        const maxWait = queue?.config.maxWaitMs ?? null;
        if (queue && maxWait !== null && now - entry.enqueuedAt >= maxWait)
          this.leave(call, queue, 'max-wait');
        if (this.state.calls.get(call.callId) !== call) return;
      }
    }
    this.state.dirtyCalls.add(call);
    this.schedule(call, now);
  }

  private schedule(call: WaitingCall, now: number): void {
    call.timer?.cancel();
    call.timer = null;
    let next = Infinity;
    for (const entry of call.entries.values()) {
      const config = this.state.queues.get(entry.queueId)?.config;
      if (!config) continue;
      const expansion = nextExpansionIn(config, now - entry.enqueuedAt);
      if (expansion !== null) next = Math.min(next, now + expansion);
      if (config.maxWaitMs !== null && !call.reserved)
        next = Math.min(next, entry.enqueuedAt + config.maxWaitMs);
    }
    for (const [agentId, until] of call.excludedUntil) {
      if (until <= now) call.excludedUntil.delete(agentId);
      else next = Math.min(next, until);
    }
    if (next === Infinity) return;
    call.timer = this.state.clock.setTimer(next - now, () => {
      call.timer = null;
      this.runFromTimer(() => this.review(call));
    });
  }

  /** The call leaves one queue; it overflows to the queue's target, or leaves routing when it was its last. */
  private leave(call: WaitingCall, queue: CallQueue, reason: QueueExitReason): void {
    queue.remove(call);
    call.entries.delete(queue.id);
    this.state.events.emit('callDequeued', { callId: call.callId, queueId: queue.id, reason });
    const target = queue.config.overflow;
    let exitTarget = target?.kind === 'number' ? target : null;
    if (target?.kind === 'queue' && !call.entries.has(target.queueId)) {
      const resolution = this.resolve(target.queueId, new Set([queue.id, target.queueId]));
      if ('exit' in resolution) exitTarget = resolution.exit.target;
      else if (!call.entries.has(resolution.queue.id)) {
        this.join(call, resolution.queue, queue.id);
        return;
      }
    }
    if (call.entries.size > 0) return;
    const exit: QueueExit = { callId: call.callId, queueId: queue.id, reason, target: exitTarget };
    this.detach(call, 'exit');
    this.state.logger.info({ callId: call.callId, queueId: queue.id, reason }, 'caller leaves the queues');
    callDelegate(this.state, 'callLeftQueues', () => this.state.delegate.callLeftQueues(exit));
  }
}
