/**
 * What happens to a call when an offer ends: answered (the call leaves every queue, other ringing
 * agents are released), declined or rung out (the call is free again, at its place, and that agent
 * is not offered it again for a while), or taken back by the engine. Also the on-call audit.
 */
import type { OfferOutcome } from '../agents/agent-events.js';
import type { CallOffer, WithdrawReason } from '../routing-engine-types.js';
import type { CallBook } from './call-book.js';
import { callDelegate, type EngineState } from './engine-state.js';

export class OfferOutcomes {
  constructor(
    private readonly state: EngineState,
    private readonly book: CallBook,
  ) {}

  answered(agentId: string, callId: string): void {
    const call = this.state.calls.get(callId);
    const offer = call?.offers.get(agentId);
    if (!call || !offer) {
      this.state.logger.warn({ agentId, callId }, 'answer for a call that is not offered to this agent');
      return;
    }
    call.offers.delete(agentId);
    const others = [...call.offers.values()];
    call.offers.clear();
    const enqueuedAt = call.entries.get(offer.queueId)?.enqueuedAt ?? call.arrivedAt;
    const waitedMs = this.state.clock.now() - enqueuedAt;
    const withinMs = this.state.queues.get(offer.queueId)?.config.serviceLevel.withinMs ?? 0;
    this.state.events.emit('offerEnded', offer, 'accepted');
    this.state.events.emit('callAnswered', {
      callId,
      agentId,
      queueId: offer.queueId,
      waitedMs,
      withinServiceLevel: waitedMs <= withinMs,
    });
    this.book.detach(call, 'answered');
    for (const other of others) this.withdraw(other, 'answered-elsewhere');
  }

  /** An offer ended at the agent's side (declined, rang out, agent gone): the call is free again. */
  offerEnded(agentId: string, callId: string, outcome: Exclude<OfferOutcome, 'accepted'>): void {
    const call = this.state.calls.get(callId);
    const offer = call?.offers.get(agentId);
    if (!call || !offer) return;
    call.offers.delete(agentId);
    const { reofferSameAgentAfterMs } = this.state.options;
    if ((outcome === 'rejected' || outcome === 'rona') && reofferSameAgentAfterMs > 0) {
      call.excludedUntil.set(agentId, this.state.clock.now() + reofferSameAgentAfterMs);
    }
    this.state.events.emit('offerEnded', offer, outcome);
    if (outcome !== 'rejected') {
      const reason: WithdrawReason = outcome === 'rona' ? 'rona' : 'agent-unavailable';
      callDelegate(this.state, 'withdrawOffer', () => this.state.delegate.withdrawOffer(offer, reason));
    }
    this.book.review(call);
  }

  /** The engine takes an offer back from an agent. */
  withdraw(offer: CallOffer, reason: WithdrawReason): void {
    this.state.agents.get(offer.agentId)?.machine.apply({ type: 'offerWithdrawn', callId: offer.callId });
    this.state.events.emit('offerEnded', offer, 'withdrawn');
    callDelegate(this.state, 'withdrawOffer', () => this.state.delegate.withdrawOffer(offer, reason));
  }

  /** An agent has been on one call for a while: if the calls layer no longer knows it, end it. */
  auditCall(agentId: string, callId: string): void {
    let active = true;
    callDelegate(this.state, 'isCallActive', () => {
      active = this.state.delegate.isCallActive(callId);
    });
    if (active) return;
    this.state.logger.warn({ agentId, callId }, 'agent was on a call that no longer exists');
    this.state.agents.get(agentId)?.machine.apply({ type: 'callEnded', callId });
  }
}
