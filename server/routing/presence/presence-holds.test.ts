import { describe, expect, it } from 'vitest';
import { contactCenter } from '../routing-engine.fixture.js';
import type { PresenceCommand } from './presence-feeder.js';
import { PresenceHolds } from './presence-holds.js';

const busy = (activity: string): PresenceCommand => ({ type: 'presenceBusy', activity });
const free: PresenceCommand = { type: 'presenceFree' };

describe('PresenceHolds', () => {
  it('keeps an agent held while any holder holds her, and frees her only when none does', () => {
    const sent: string[] = [];
    const holds = new PresenceHolds((agentId, command) => {
      sent.push(`${agentId}:${command.type === 'presenceBusy' ? command.activity : 'free'}`);
      return true;
    });
    const teams = holds.holder('teams');
    const calendar = holds.holder('calendar');

    calendar('alice', busy('MeetingSoon'));
    teams('alice', free); // Teams says free: the meeting soon still holds her
    teams('alice', busy('InACall'));
    calendar('alice', free); // the calendar lets go: still in a Teams call
    teams('alice', free);

    expect(sent).toEqual(['alice:MeetingSoon', 'alice:InACall', 'alice:free']);
    expect(holds.reasonsOf('alice')).toEqual({});
  });

  it('reports a refused command so that the holder tries again, and resends on demand', () => {
    let known = false;
    const sent: PresenceCommand[] = [];
    const holds = new PresenceHolds((_agentId, command) => {
      if (!known) return false;
      sent.push(command);
      return true;
    });
    const calendar = holds.holder('calendar');
    expect(calendar('bob', busy('MeetingSoon'))).toBe(false);
    known = true;
    expect(holds.resend('bob')).toBe(true);
    expect(sent).toEqual([busy('MeetingSoon')]);
    expect(() => holds.holder('calendar')).toThrow(TypeError);
  });

  it('steers the routing engine: a caller waits while the calendar holds the agent', () => {
    const cc = contactCenter();
    cc.queue('support');
    cc.agent('alice');
    cc.ready('alice');
    const holds = new PresenceHolds((agentId, command) => cc.engine.agentCommand(agentId, command).ok);
    const teams = holds.holder('teams');
    const calendar = holds.holder('calendar');
    calendar('alice', busy('MeetingSoon'));
    teams('alice', free);
    cc.call('c1', 'support');
    expect(cc.delegate.offered).toEqual([]);
    expect(cc.engine.whyNotOffered('alice')).toContain('presence:MeetingSoon');
    calendar('alice', free);
    expect(cc.delegate.offered).toEqual(['c1→alice']);
  });
});
