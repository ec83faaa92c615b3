/**
 * One queue at run time: its configuration, its waiting callers in order, and the agents who may
 * ever answer them (members) with those of them ready for an offer now. The engine keeps the
 * member sets up to date, so that finding candidates never scans every agent.
 */
import type { QueueConfig } from './queue-config.js';
import { callOrder, type WaitingCall } from './waiting-call.js';

export class CallQueue {
  private readonly waiting: WaitingCall[] = [];
  /** Agents whose skills meet the queue's widest requirements. */
  readonly members = new Set<string>();
  /** Members who could take an offer right now. */
  readonly availableMembers = new Set<string>();
  /** Round robin's cursor: the agent offered last. */
  lastOfferedAgentId: string | null = null;

  constructor(public config: QueueConfig) {}

  get id(): string {
    return this.config.id;
  }

  get length(): number {
    return this.waiting.length;
  }

  /** Waiting callers, best first. */
  get calls(): readonly WaitingCall[] {
    return this.waiting;
  }

  /** Inserts in queue order; returns the caller's 1-based position. */
  insert(call: WaitingCall): number {
    let low = 0;
    let high = this.waiting.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (callOrder(this.waiting[middle]!, call) <= 0) low = middle + 1;
      else high = middle;
    }
    this.waiting.splice(low, 0, call);
    return low + 1;
  }

  remove(call: WaitingCall): boolean {
    const index = this.waiting.indexOf(call);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  /** 1-based position, or null when the call is not in this queue. */
  positionOf(call: WaitingCall): number | null {
    const index = this.waiting.indexOf(call);
    return index < 0 ? null : index + 1;
  }
}
