import { describe, expect, it } from 'vitest';
import { ManualClock } from '../manual-clock.js';
import { contactCenter } from '../routing-engine.fixture.js';
import { InMemoryPresenceSource } from './in-memory-presence-source.fixture.js';
import { PresenceFeeder, type PresenceCommand } from './presence-feeder.js';
import { PresenceGate } from './presence-gate.js';
import type { PresenceGateOptions } from './presence-gate-options.js';

function feederWithLog(gate: Partial<PresenceGateOptions> = {}) {
  const clock = new ManualClock();
  const source = new InMemoryPresenceSource();
  const sent: string[] = [];
  const feeder = new PresenceFeeder({
    source,
    gate: new PresenceGate(gate),
    clock,
    send: (agentId, command: PresenceCommand) => {
      sent.push(`${agentId}:${command.type === 'presenceBusy' ? command.activity : 'free'}`);
    },
  });
  return { clock, source, sent, feeder };
}

describe('presence feeder', () => {
  it('watches the Teams users linked to agents, and only those', () => {
    const { source, feeder } = feederWithLog();
    feeder.setAgents([
      { agentId: 'alice', teamsUserId: 'AAAA-1' },
      { agentId: 'bob', teamsUserId: 'bob@contoso.example' },
      { agentId: 'carol', teamsUserId: null },
    ]);
    expect(source.watched).toEqual(['AAAA-1', 'bob@contoso.example']);
    feeder.removeAgent('bob');
    expect(source.watched).toEqual(['AAAA-1']);
  });

  it('sends a command only when the gate’s answer changes', () => {
    const { clock, source, sent, feeder } = feederWithLog();
    feeder.setAgents([{ agentId: 'alice', teamsUserId: 'a1' }]);
    source.report(clock.now(), ['a1', 'Available', 'Available']);
    source.report(clock.now(), ['a1', 'Busy', 'InAMeeting']);
    source.report(clock.now(), ['a1', 'Busy', 'InAMeeting']);
    source.report(clock.now(), ['a1', 'Busy', 'Presenting']);
    source.report(clock.now(), ['a1', 'Available', 'Available']);
    source.report(clock.now(), ['a1', 'Away', 'Away']);
    expect(sent).toEqual(['alice:InAMeeting', 'alice:Presenting', 'alice:free']);
  });

  it('matches Teams user ids without regard to case (UPNs)', () => {
    const { clock, source, sent, feeder } = feederWithLog();
    feeder.setAgent('bob', 'Bob@Contoso.example');
    source.report(clock.now(), ['bob@contoso.example', 'DoNotDisturb', 'Presenting']);
    expect(sent).toEqual(['bob:Presenting']);
  });

  it('lets stale presence follow the stale policy at the moment it turns stale', () => {
    const { clock, source, sent, feeder } = feederWithLog({ staleAfterMs: 30_000, whenStale: 'hold-back' });
    feeder.setAgents([{ agentId: 'alice', teamsUserId: 'a1' }]);
    source.report(clock.now(), ['a1', 'Available', 'Available']);
    clock.advance(30_000);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual(['alice:PresenceStale']);
    expect(feeder.view('alice')).toMatchObject({ stale: true, decision: { offer: false } });
    source.report(clock.now(), ['a1', 'Available', 'Available']);
    expect(sent).toEqual(['alice:PresenceStale', 'alice:free']);
  });

  it('offers an old meeting again when the stale policy says offer', () => {
    const { clock, source, sent, feeder } = feederWithLog({ staleAfterMs: 30_000, whenStale: 'offer' });
    feeder.setAgents([{ agentId: 'alice', teamsUserId: 'a1' }]);
    source.report(clock.now(), ['a1', 'Busy', 'InAMeeting']);
    clock.advance(31_000);
    expect(sent).toEqual(['alice:InAMeeting', 'alice:free']);
    expect(clock.pendingCount).toBe(0);
  });

  it('holds back an agent whose presence was never obtained when the unknown policy says so', () => {
    const { sent, feeder } = feederWithLog({ whenUnknown: 'hold-back' });
    feeder.setAgents([
      { agentId: 'alice', teamsUserId: 'a1' },
      { agentId: 'carol', teamsUserId: null },
    ]);
    expect(sent).toEqual(['alice:PresenceUnknown']);
    feeder.setAgent('alice', null);
    expect(sent).toEqual(['alice:PresenceUnknown', 'alice:free']);
  });

  it('keeps trying a command that was not delivered, and resends on request', () => {
    const clock = new ManualClock();
    const source = new InMemoryPresenceSource();
    const known = new Set<string>();
    const delivered: string[] = [];
    const feeder = new PresenceFeeder({
      source,
      gate: new PresenceGate(),
      clock,
      send: (agentId, command) => {
        if (!known.has(agentId)) return false;
        delivered.push(`${agentId}:${command.type}`);
        return true;
      },
    });
    feeder.setAgent('alice', 'a1');
    source.report(clock.now(), ['a1', 'Busy', 'InACall']);
    expect(delivered).toEqual([]);
    known.add('alice');
    source.report(clock.now(), ['a1', 'Busy', 'InACall']);
    expect(delivered).toEqual(['alice:presenceBusy']);
    feeder.resend('alice');
    expect(delivered).toEqual(['alice:presenceBusy', 'alice:presenceBusy']);
  });

  it('survives a sink that throws, and ignores a late answer older than what it has', () => {
    const clock = new ManualClock();
    const source = new InMemoryPresenceSource();
    let fail = true;
    const delivered: string[] = [];
    const feeder = new PresenceFeeder({
      source,
      gate: new PresenceGate(),
      clock,
      send: (_agentId, command) => {
        if (fail) throw new Error('engine not ready');
        delivered.push(command.type);
      },
    });
    feeder.setAgent('alice', 'a1');
    source.report(clock.now(), ['a1', 'Busy', 'InACall']);
    fail = false;
    source.report(clock.now() - 5_000, ['a1', 'Available', 'Available']);
    expect(feeder.view('alice').presence?.activity).toBe('InACall');
    expect(delivered).toEqual(['presenceBusy']);
  });

  it('drives a real routing engine: in a meeting no call is offered, once available it is', () => {
    const cc = contactCenter();
    const source = new InMemoryPresenceSource();
    const feeder = new PresenceFeeder({
      source,
      gate: new PresenceGate(),
      clock: cc.clock,
      send: (agentId, command) => cc.engine.agentCommand(agentId, command).ok,
    });
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    feeder.setAgents([{ agentId: 'alice', teamsUserId: 'a1' }]);
    source.report(cc.clock.now(), ['a1', 'Busy', 'InAMeeting']);
    cc.call('c1', 'support');
    expect(cc.delegate.offered).toEqual([]);
    expect(cc.engine.whyNotOffered('alice')).toEqual(['presence:InAMeeting']);
    source.report(cc.clock.now(), ['a1', 'Available', 'Available']);
    expect(cc.delegate.offered).toEqual(['c1→alice']);
    feeder.close();
  });
});
