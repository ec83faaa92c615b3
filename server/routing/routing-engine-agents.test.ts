import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, seedDemoTenant } from '../store/seed-demo-tenant.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { AgentState } from './agents/agent-state.js';
import { loadTenant } from './load-from-store.js';
import { contactCenter } from './routing-engine.fixture.js';

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

describe('routing engine: agents', () => {
  it('does not offer calls to an agent in a Teams meeting, says why, and offers once they are free', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    cc.engine.agentCommand('alice', { type: 'presenceBusy', activity: 'InAMeeting' });
    cc.call('c1', 'support');
    expect(cc.delegate.offered).toEqual([]);
    expect(cc.state('alice')).toBe(AgentState.Available);
    expect(cc.engine.whyNotOffered('alice')).toEqual(['presence:InAMeeting']);
    cc.engine.agentCommand('alice', { type: 'presenceFree' });
    expect(cc.delegate.offered).toEqual(['c1→alice']);
  });

  it('withdraws a ringing offer when the agent joins a Teams call, and offers the caller elsewhere', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.agent('bob');
    cc.ready('alice');
    cc.clock.advance(1_000);
    cc.ready('bob');
    cc.call('c1', 'support');
    cc.engine.agentCommand('alice', { type: 'presenceBusy', activity: 'InACall' });
    expect(cc.delegate.withdrawals.map(({ offer, reason }) => `${offer.agentId}:${reason}`)).toEqual([
      'alice:agent-unavailable',
    ]);
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c1→bob']);
  });

  it('resolves a lost connection at once: the offer goes to another agent', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.agent('bob');
    cc.ready('alice');
    cc.clock.advance(1_000);
    cc.ready('bob');
    cc.call('c1', 'support');
    cc.engine.agentCommand('alice', { type: 'connectionLost' });
    expect(cc.state('alice')).toBe(AgentState.Offline);
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c1→bob']);
  });

  it('ends, for routing, a call the calls layer no longer knows (the on-call audit)', () => {
    const cc = contactCenter({ callAuditMs: 60_000, wrapUpMs: 10_000 });
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    cc.call('c1', 'support');
    cc.accept('alice', 'c1');
    cc.clock.advance(120_000);
    expect(cc.state('alice')).toBe(AgentState.OnCall);
    cc.delegate.goneCalls.add('c1'); // the hang-up was lost somewhere
    cc.clock.advance(60_000);
    expect(cc.state('alice')).toBe(AgentState.WrapUp);
    cc.clock.advance(10_000);
    expect(cc.state('alice')).toBe(AgentState.Available);
  });

  it('lets a supervisor release an agent stuck on a call', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    cc.call('c1', 'support');
    cc.accept('alice', 'c1');
    const forced = cc.engine.agentCommand('alice', {
      type: 'supervisorForce',
      supervisorId: 'sam',
      target: { state: AgentState.Available },
    });
    expect(forced.ok && forced.value.state).toBe(AgentState.Available);
    cc.call('c2', 'support');
    expect(cc.delegate.offered).toEqual(['c1→alice', 'c2→alice']);
  });

  it('counts talk time and calls per day for the strategies', () => {
    const cc = contactCenter({ wrapUpMs: 0 });
    cc.queue('support', { strategy: 'least-occupied' });
    cc.agent('ann');
    cc.agent('ben');
    cc.ready('ann');
    cc.ready('ben');
    cc.call('long', 'support');
    cc.accept('ann', 'long');
    cc.clock.advance(540_000);
    cc.call('short', 'support');
    cc.accept('ben', 'short');
    cc.clock.advance(60_000);
    cc.hangUp('ann', 'long'); // 10 minutes
    cc.clock.advance(60_000);
    cc.hangUp('ben', 'short'); // 2 minutes
    // Ann has been idle longer, but Ben has talked less today: least occupied picks Ben.
    cc.call('next', 'support');
    expect(cc.delegate.offered.at(-1)).toBe('next→ben');
  });

  it('refuses engine-only events and unknown agents as typed errors', () => {
    const cc = contactCenter();
    cc.agent('alice');
    const ring = cc.engine.agentCommand('alice', { type: 'wrapUpExpired' } as never);
    expect(ring.ok ? null : ring.error.code).toBe('illegal-transition');
    const nobody = cc.engine.agentCommand('nobody', { type: 'login' });
    expect(nobody.ok ? null : nobody.error.code).toBe('unknown-agent');
  });

  it('takes skill changes into account at once, without touching the state', () => {
    const cc = contactCenter();
    cc.queue('sales', { requiredSkills: [{ skill: 'spanish', minLevel: 2 }] });
    cc.agent('alice', { english: 3 });
    cc.ready('alice');
    cc.call('c1', 'sales');
    expect(cc.engine.whyNotOffered('alice')).toEqual(['no-queue']);
    cc.engine.updateAgent({
      agentId: 'alice',
      tenantId: 'demo',
      skills: new Map([['spanish', 2]]),
      capacity: { voice: 1 },
      wrapUpMs: null,
    });
    expect(cc.delegate.offered).toEqual(['c1→alice']);
  });

  it('offers no voice call to an agent without voice capacity', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('chatty', { english: 3 }, { capacity: { voice: 0 } });
    cc.ready('chatty');
    cc.call('c1', 'support');
    expect(cc.delegate.offered).toEqual([]);
    expect(cc.engine.whyNotOffered('chatty')).toEqual(['no-voice-capacity']);
  });

  it('removes an agent as if their connection dropped: the ringing call goes back to the queue', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    cc.call('c1', 'support');
    expect(cc.engine.removeAgent('alice').ok).toBe(true);
    expect(cc.engine.positionOf('c1', 'support')).toBe(1);
    expect(cc.engine.queueSnapshot('support')).toMatchObject({ waiting: 1, members: 0, availableMembers: 0 });
    expect(cc.clock.pendingCount).toBe(0);
  });

  it('routes the demo tenant from the store: alice and bob answer support and sales, sam supervises', () => {
    const store = SqliteStore.open(':memory:');
    stores.push(store);
    seedDemoTenant(store, 'tandem');
    const cc = contactCenter();
    expect(loadTenant(cc.engine, store, DEMO.tenant.id)).toEqual({ queues: 2, agents: 2 });
    const alice = store.agents.findByUsername('demo', 'alice')!;
    const support = store.queues.findByName('demo', 'support')!;
    const sales = store.queues.findByName('demo', 'sales')!;
    expect(cc.engine.agentQueues(alice.id).sort()).toEqual([sales.id, support.id].sort());
    cc.ready(alice.id);
    cc.call('c1', support.id);
    expect(cc.delegate.offers.map((offer) => offer.agentId)).toEqual([alice.id]);
  });
});
