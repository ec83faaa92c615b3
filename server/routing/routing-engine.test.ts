import { describe, expect, it } from 'vitest';
import { AgentState } from './agents/agent-state.js';
import { contactCenter } from './routing-engine.fixture.js';

describe('routing engine: callers meet agents', () => {
  it('serves two callers with one agent in turn, the second after the first call and its wrap-up', () => {
    const cc = contactCenter({ wrapUpMs: 15_000 });
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');

    expect(cc.call('c1', 'support')).toEqual({ outcome: 'queued', positions: { support: 1 } });
    expect(cc.call('c2', 'support')).toEqual({ outcome: 'queued', positions: { support: 2 } });
    expect(cc.delegate.offered).toEqual(['c1→alice']);
    expect(cc.state('alice')).toBe(AgentState.Offered);

    cc.clock.advance(3_000);
    cc.accept('alice', 'c1');
    expect(cc.engine.isWaiting('c1')).toBe(false);
    expect(cc.engine.positionOf('c2', 'support')).toBe(1);

    cc.clock.advance(120_000);
    cc.hangUp('alice', 'c1');
    expect(cc.state('alice')).toBe(AgentState.WrapUp);
    cc.clock.advance(14_999);
    expect(cc.delegate.offered).toEqual(['c1→alice']);
    cc.clock.advance(1);
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c2→alice']);
  });

  it('reports the answer with the wait and whether it met the service level', () => {
    const cc = contactCenter();
    cc.queue('support', { serviceLevel: { percent: 80, withinMs: 20_000 } });
    cc.agent('alice');
    const answered: unknown[] = [];
    cc.engine.events.on('callAnswered', (event) => answered.push(event));
    cc.call('c1', 'support');
    cc.clock.advance(25_000);
    cc.ready('alice');
    cc.clock.advance(2_000);
    cc.accept('alice', 'c1');
    expect(answered).toEqual([
      { callId: 'c1', agentId: 'alice', queueId: 'support', waitedMs: 27_000, withinServiceLevel: false },
    ]);
  });

  it('re-queues an unanswered call at the same position, ahead of callers who came later', () => {
    const cc = contactCenter({ ronaLimit: 1 });
    cc.queue('support', { ringTimeoutMs: 10_000 });
    cc.agent('alice');
    cc.agent('bob');
    cc.ready('alice');
    cc.call('c1', 'support');
    cc.call('c2', 'support');
    cc.call('c3', 'support');
    expect(cc.delegate.offered).toEqual(['c1→alice']);

    cc.clock.advance(10_000); // rings out: RONA
    expect(cc.engine.agentStatus('alice')).toMatchObject({
      state: AgentState.NotReady,
      notReadyReason: 'rona',
    });
    expect(cc.delegate.withdrawals.map(({ offer, reason }) => `${offer.callId}:${reason}`)).toEqual([
      'c1:rona',
    ]);
    expect(cc.engine.positionOf('c1', 'support')).toBe(1);
    expect(cc.engine.positionOf('c3', 'support')).toBe(3);

    cc.ready('bob');
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c1→bob']);
  });

  it('does not offer a call again to the agent who just missed it, but to someone else', () => {
    const cc = contactCenter({ reofferSameAgentAfterMs: 30_000 });
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    cc.call('c1', 'support');
    cc.engine.agentCommand('alice', { type: 'offerRejected', callId: 'c1' });
    expect(cc.state('alice')).toBe(AgentState.Available);
    cc.call('c2', 'support');
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c2→alice']);
    cc.engine.agentCommand('alice', { type: 'offerRejected', callId: 'c2' });
    expect(cc.delegate.offered).toHaveLength(2);

    // Once the exclusion ends, the caller who has waited longest comes back to her first.
    cc.clock.advance(30_000);
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c2→alice', 'c1→alice']);
  });

  it('lets a caller wait in several queues at once: the first agent found anywhere wins', () => {
    const cc = contactCenter();
    cc.queue('sales', { requiredSkills: [{ skill: 'spanish', minLevel: 1 }] });
    cc.queue('support', { requiredSkills: [{ skill: 'english', minLevel: 1 }] });
    cc.agent('bob', { english: 3 });
    cc.agent('carla', { spanish: 4 });
    expect(cc.call('c1', ['sales', 'support'])).toEqual({
      outcome: 'queued',
      positions: { sales: 1, support: 1 },
    });

    cc.ready('bob');
    expect(cc.delegate.offered).toEqual(['c1→bob']);
    // While bob's phone rings, the call is his: carla does not get it too.
    cc.ready('carla');
    expect(cc.delegate.offered).toEqual(['c1→bob']);
    // Bob declines; carla, free in sales, gets it at once.
    cc.engine.agentCommand('bob', { type: 'offerRejected', callId: 'c1' });
    expect(cc.delegate.offered).toEqual(['c1→bob', 'c1→carla']);
    cc.accept('carla', 'c1');
    expect(cc.engine.positionOf('c1', 'sales')).toBeNull();
    expect(cc.engine.positionOf('c1', 'support')).toBeNull();
    expect(cc.engine.queueSnapshot('support')?.waiting).toBe(0);
  });

  it('rings everyone in a ring-all queue and stops the others when one answers', () => {
    const cc = contactCenter();
    cc.queue('helpdesk', { strategy: 'ring-all' });
    for (const name of ['ann', 'ben', 'cat']) {
      cc.agent(name);
      cc.ready(name);
    }
    cc.call('c1', 'helpdesk');
    expect(cc.delegate.offered).toEqual(['c1→ann', 'c1→ben', 'c1→cat']);
    cc.accept('ben', 'c1');
    expect(cc.delegate.withdrawals.map(({ offer, reason }) => `${offer.agentId}:${reason}`)).toEqual([
      'ann:answered-elsewhere',
      'cat:answered-elsewhere',
    ]);
    expect([cc.state('ann'), cc.state('ben'), cc.state('cat')]).toEqual(['Available', 'OnCall', 'Available']);
    // A late answer from a withdrawn agent is refused, harmlessly.
    const late = cc.engine.agentCommand('ann', { type: 'offerAccepted', callId: 'c1' });
    expect(late.ok).toBe(false);
  });

  it('stops ringing when the caller hangs up, and the agent is free again', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    cc.call('c1', 'support');
    expect(cc.engine.removeCall('c1').ok).toBe(true);
    expect(cc.delegate.withdrawals.map(({ reason }) => reason)).toEqual(['caller-left']);
    expect(cc.state('alice')).toBe(AgentState.Available);
    expect(cc.engine.removeCall('c1').ok).toBe(false);
  });

  it('serves higher caller priority and VIP numbers first, then the longest waiting', () => {
    const cc = contactCenter({ vipNumbers: ['+15557777'], vipPriorityBoost: 10 });
    cc.queue('support');
    cc.agent('alice');
    cc.call('c1', 'support', '+15550001');
    cc.clock.advance(1_000);
    cc.call('c2', 'support', '+15550002', 5);
    cc.clock.advance(1_000);
    cc.call('vip', 'support', '+15557777');
    cc.clock.advance(1_000);
    cc.call('c4', 'support', '+15550004');
    expect(['c1', 'c2', 'vip', 'c4'].map((id) => cc.engine.positionOf(id, 'support'))).toEqual([3, 2, 1, 4]);
    cc.ready('alice');
    expect(cc.delegate.offered).toEqual(['vip→alice']);
  });

  it('gives an agent in several queues the caller of the highest-priority queue first', () => {
    const cc = contactCenter();
    cc.queue('support', { priority: 0 });
    cc.queue('sales', { priority: 10 });
    cc.agent('alice');
    cc.call('old-support-caller', 'support');
    cc.clock.advance(60_000);
    cc.call('new-sales-caller', 'sales');
    cc.ready('alice');
    expect(cc.delegate.offered).toEqual(['new-sales-caller→alice']);
  });

  it('offers by the queue’s strategy when several agents are free', () => {
    const cc = contactCenter({ wrapUpMs: 0 });
    cc.queue('support', { strategy: 'fewest-calls' });
    for (const name of ['ann', 'ben']) cc.agent(name);
    cc.ready('ann');
    cc.call('c1', 'support');
    cc.accept('ann', 'c1');
    cc.clock.advance(30_000);
    cc.hangUp('ann', 'c1');
    cc.clock.advance(30_000);
    cc.ready('ben');
    // Ann has been idle longer, but Ben has answered fewer calls today: Ben gets the next one.
    cc.call('c2', 'support');
    expect(cc.delegate.offered).toEqual(['c1→ann', 'c2→ben']);
  });

  it('follows round robin across calls', () => {
    const cc = contactCenter({ wrapUpMs: 0 });
    cc.queue('support', { strategy: 'round-robin' });
    for (const name of ['ann', 'ben', 'cat']) {
      cc.agent(name);
      cc.ready(name);
    }
    for (const callId of ['c1', 'c2', 'c3', 'c4']) {
      cc.call(callId, 'support');
      const { agentId } = cc.delegate.offers.at(-1)!;
      cc.accept(agentId, callId);
      cc.hangUp(agentId, callId);
    }
    expect(cc.delegate.offered).toEqual(['c1→ann', 'c2→ben', 'c3→cat', 'c4→ann']);
  });

  it('uses the agent’s own wrap-up time over the queue’s, and the queue’s over the default', () => {
    const cc = contactCenter({ wrapUpMs: 5_000 });
    cc.queue('support', { wrapUpMs: 30_000 });
    cc.agent('alice', { english: 3 }, { wrapUpMs: 60_000 });
    cc.agent('bob');
    for (const [agent, call] of [
      ['alice', 'c1'],
      ['bob', 'c2'],
    ] as const) {
      cc.ready(agent);
      cc.call(call, 'support');
      cc.accept(agent, call);
      cc.hangUp(agent, call);
    }
    const endsIn = (id: string) => (cc.engine.agentStatus(id)?.wrapUpEndsAt ?? 0) - cc.clock.now();
    expect([endsIn('alice'), endsIn('bob')]).toEqual([60_000, 30_000]);
  });
});
