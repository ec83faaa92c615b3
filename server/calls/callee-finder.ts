/**
 * How a call finds its callee. The call owns the legs and the media; a finder decides whom to ring
 * and when to give up:
 *
 * - HuntFinder: a fixed list tried one at a time, each for a ring time (an agent's extension, a
 *   number out through a trunk, a transfer target);
 * - the routing engine's finder (queue-router.ts): the caller waits in queues and the engine rings
 *   the agents it picks, as many at once as its strategy wants.
 */
import type { CallEndReason } from './call-types.js';
import type { CallTarget } from './callee-placer.js';
import type { RingAttempt, RingOutcome } from './ring-attempt.js';

/** What a finder may ask of its call. */
export interface CallRinger {
  /** Rings a target: a media leg and an INVITE of its own. */
  ring(target: CallTarget): RingAttempt;
  /** Bridges an answered attempt to the caller; false when the call can no longer take it (BYEd). */
  connect(attempt: RingAttempt, answer: Extract<RingOutcome, { kind: 'answered' }>): Promise<boolean>;
  /** Nobody is left to try: the caller gets `status`. */
  giveUp(status: number, reason: CallEndReason): void;
  /** The caller waits without a callee yet (queued): ringback, unless answered by an endpoint of ours. */
  waiting(): void;
  /**
   * Answers the caller with a media endpoint of ours (the IVR: prompts, digits, music in the queue)
   * whose SDP is `endpointSdp`; returns the SDP the endpoint must send to. Agents answering later are
   * connected by re-INVITE.
   */
  answerWithEndpoint(endpointSdp: string): Promise<string>;
}

export interface CalleeFinder {
  start(ringer: CallRinger): void;
  /** The call ended or was answered: ring nothing more. Idempotent. */
  stop(): void;
}

/** Tries each target in turn for `ringTimeoutMs`; busy only when every one tried was busy. */
export class HuntFinder implements CalleeFinder {
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private everyoneBusy = true;
  private tried = 0;

  constructor(
    private readonly targets: CallTarget[],
    private readonly ringTimeoutMs: number,
    /** What the caller gets when the list was empty from the start. */
    private readonly whenNobody: { readonly status: number; readonly reason: CallEndReason } = {
      status: 480,
      reason: 'unavailable',
    },
  ) {}

  start(ringer: CallRinger): void {
    void this.next(ringer);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async next(ringer: CallRinger): Promise<void> {
    if (this.stopped) return;
    const target = this.targets.shift();
    if (!target) {
      if (this.tried === 0) ringer.giveUp(this.whenNobody.status, this.whenNobody.reason);
      else if (this.everyoneBusy) ringer.giveUp(486, 'busy');
      else ringer.giveUp(480, 'no-answer');
      return;
    }
    const attempt = ringer.ring(target);
    this.timer = setTimeout(() => attempt.cancel('SIP;cause=480;text="No answer"'), this.ringTimeoutMs);
    this.timer.unref?.();
    const outcome = await attempt.outcome;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    switch (outcome.kind) {
      case 'answered':
        await ringer.connect(attempt, outcome);
        return;
      case 'media-failed':
        ringer.giveUp(outcome.status, outcome.reason);
        return;
      case 'cancelled':
        // Cancelled by the ring timer: that agent did not answer.
        this.tried++;
        this.everyoneBusy = false;
        void this.next(ringer);
        return;
      case 'refused':
        this.tried++;
        if (outcome.status !== 486 && outcome.status !== 600) this.everyoneBusy = false;
        void this.next(ringer);
        return;
    }
  }
}
