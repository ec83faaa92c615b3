/**
 * A caller waiting for an agent, possibly in several queues at once. The call keeps its place in
 * every queue while an offer rings: when the offer is not answered the call is simply free again,
 * at the same position (re-queue without losing one's turn).
 */
import type { TimerHandle } from '../clock.js';
import type { CallOffer } from '../routing-engine-types.js';
import type { Channel, SkillRequirement } from '../skills.js';

/** The call's presence in one queue. */
export interface QueueEntry {
  readonly queueId: string;
  readonly enqueuedAt: number;
}

export interface WaitingCallInit {
  readonly callId: string;
  readonly tenantId: string;
  readonly callerNumber: string;
  readonly channel: Channel;
  /** Caller priority after the VIP boost; higher is served first. */
  readonly priority: number;
  readonly vip: boolean;
  /** When the caller first started waiting for an agent; orders callers of equal priority. */
  readonly arrivedAt: number;
  /** Breaks ties between callers who arrived in the same millisecond. */
  readonly sequence: number;
  /** Needs of this caller on top of the queue's (a language chosen in the menu...), never widened. */
  readonly extraSkills: readonly SkillRequirement[];
  readonly attributes: Readonly<Record<string, string>>;
}

export class WaitingCall implements WaitingCallInit {
  readonly callId: string;
  readonly tenantId: string;
  readonly callerNumber: string;
  readonly channel: Channel;
  readonly priority: number;
  readonly vip: boolean;
  readonly arrivedAt: number;
  readonly sequence: number;
  readonly extraSkills: readonly SkillRequirement[];
  readonly attributes: Readonly<Record<string, string>>;
  /** Queue id -> entry. */
  readonly entries = new Map<string, QueueEntry>();
  /** Agent id -> every offer ringing now (several for ring-all). */
  readonly offers = new Map<string, CallOffer>();
  /** Agent id -> until when that agent is not offered this call again (after a miss or a decline). */
  readonly excludedUntil = new Map<string, number>();
  /** The next deadline of this call: expansion step, maximum wait, end of an exclusion. */
  timer: TimerHandle | null = null;

  constructor(init: WaitingCallInit) {
    this.callId = init.callId;
    this.tenantId = init.tenantId;
    this.callerNumber = init.callerNumber;
    this.channel = init.channel;
    this.priority = init.priority;
    this.vip = init.vip;
    this.arrivedAt = init.arrivedAt;
    this.sequence = init.sequence;
    this.extraSkills = init.extraSkills;
    this.attributes = init.attributes;
  }

  /** An offer rings somewhere: no other agent is offered this call meanwhile. */
  get reserved(): boolean {
    return this.offers.size > 0;
  }

  isExcluded(agentId: string, now: number): boolean {
    const until = this.excludedUntil.get(agentId);
    return until !== undefined && until > now;
  }
}

/** Queue order: caller priority (VIP included) first, then the longest waiting. */
export function callOrder(a: WaitingCall, b: WaitingCall): number {
  return b.priority - a.priority || a.arrivedAt - b.arrivedAt || a.sequence - b.sequence;
}
