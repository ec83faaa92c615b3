/**
 * One agent's state machine at run time: the current status, the transition table applied to it,
 * and the timers that make sure no state lasts forever (ring time, wrap-up, the on-call audit).
 * Every applied transition is logged and reported to the delegate; a refused event changes nothing
 * and comes back as a typed error.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../../shared/logger.js';
import { ok, type Result } from '../result.js';
import type { AgentEvent } from './agent-events.js';
import type { AgentMachineDelegate, AgentProfile } from './agent-machine-types.js';
import { AgentState, offlineStatus, type AgentStatus } from './agent-state.js';
import type { AgentTransitionError } from './agent-transition-error.js';
import { transitionAgent, type AgentRules } from './agent-transitions.js';

export interface AgentMachineContext {
  readonly clock: Clock;
  readonly rules: AgentRules;
  /** 0 disables the audit of long calls. */
  readonly callAuditMs: number;
  readonly delegate: AgentMachineDelegate;
  readonly logger: Logger;
}

export class AgentMachine {
  private current: AgentStatus;
  private ringTimer: TimerHandle | null = null;
  private wrapUpTimer: TimerHandle | null = null;
  private auditTimer: TimerHandle | null = null;
  private closed = false;
  private readonly logger: Logger;

  constructor(
    private profileValue: AgentProfile,
    private readonly context: AgentMachineContext,
  ) {
    this.current = offlineStatus(context.clock.now());
    this.logger = context.logger.child({ agentId: profileValue.agentId });
  }

  get agentId(): string {
    return this.profileValue.agentId;
  }

  get profile(): AgentProfile {
    return this.profileValue;
  }

  get status(): AgentStatus {
    return this.current;
  }

  /** New skills or capacity take effect for the next offer; the state is not touched. */
  updateProfile(profile: AgentProfile): void {
    if (profile.agentId !== this.profileValue.agentId) throw new TypeError('an agent keeps its id');
    this.profileValue = profile;
  }

  apply(event: AgentEvent): Result<AgentStatus, AgentTransitionError> {
    const from = this.current;
    const now = this.context.clock.now();
    const outcome = transitionAgent(from, event, { now, rules: this.context.rules });
    if (!outcome.ok) {
      this.logger.debug(
        { event: event.type, state: from.state, code: outcome.error.code },
        'agent event refused',
      );
      return outcome;
    }
    const { status: to, effects } = outcome.value;
    if (to === from && effects.length === 0) return ok(to);
    this.current = to;
    this.syncTimers(from, to);
    if (to.state !== from.state || to.notReadyReason !== from.notReadyReason) {
      this.logger.debug(
        { event: event.type, from: from.state, to: to.state, reason: to.notReadyReason ?? undefined },
        'agent state',
      );
    }
    this.context.delegate.onAgentTransition({ agentId: this.agentId, event, from, to, effects, at: now });
    return ok(this.current);
  }

  /** Stops every timer; the agent is being removed. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopRingTimer();
    this.stopWrapUpTimer();
    this.stopAuditTimer();
  }

  private syncTimers(from: AgentStatus, to: AgentStatus): void {
    if (this.closed) return;
    if (to.state !== AgentState.Offered) this.stopRingTimer();
    else if (from.offer !== to.offer && to.offer) {
      const { callId, ringTimeoutMs } = to.offer;
      this.stopRingTimer();
      this.ringTimer = this.context.clock.setTimer(ringTimeoutMs, () => {
        this.ringTimer = null;
        this.apply({ type: 'ringTimeout', callId });
      });
    }

    if (to.state !== AgentState.WrapUp) this.stopWrapUpTimer();
    else if (from.state !== AgentState.WrapUp || from.wrapUpEndsAt !== to.wrapUpEndsAt) {
      this.stopWrapUpTimer();
      this.wrapUpTimer = this.context.clock.setTimer(
        (to.wrapUpEndsAt ?? 0) - this.context.clock.now(),
        () => {
          this.wrapUpTimer = null;
          this.apply({ type: 'wrapUpExpired' });
        },
      );
    }

    if (to.state !== AgentState.OnCall) this.stopAuditTimer();
    else if (from.state !== AgentState.OnCall && to.call) this.startAuditTimer(to.call.callId);
  }

  private startAuditTimer(callId: string): void {
    this.stopAuditTimer();
    if (this.context.callAuditMs <= 0) return;
    this.auditTimer = this.context.clock.setTimer(this.context.callAuditMs, () => {
      this.auditTimer = null;
      if (this.current.state !== AgentState.OnCall || this.current.call?.callId !== callId) return;
      this.startAuditTimer(callId);
      this.context.delegate.onCallAuditDue(this.agentId, callId);
    });
  }

  private stopRingTimer(): void {
    this.ringTimer?.cancel();
    this.ringTimer = null;
  }

  private stopWrapUpTimer(): void {
    this.wrapUpTimer?.cancel();
    this.wrapUpTimer = null;
  }

  private stopAuditTimer(): void {
    this.auditTimer?.cancel();
    this.auditTimer = null;
  }
}
