import { describe, expect, it } from 'vitest';
import { PresenceGate } from './presence-gate.js';
import { presenceGateOptions } from './presence-gate-options.js';

const NOW = 1_000_000;
const seen = (availability: string, activity: string, ageMs = 0) => ({
  teamsUserId: 'u1',
  availability,
  activity,
  observedAt: NOW - ageMs,
});

describe('presence gate', () => {
  it('holds back agents in a call, a conference call, a meeting, presenting or on Do Not Disturb', () => {
    const gate = new PresenceGate();
    expect(gate.decide(seen('Busy', 'InACall'), NOW)).toEqual({ offer: false, reason: 'InACall' });
    expect(gate.decide(seen('Busy', 'InAConferenceCall'), NOW)).toEqual({
      offer: false,
      reason: 'InAConferenceCall',
    });
    expect(gate.decide(seen('Busy', 'InAMeeting'), NOW)).toEqual({ offer: false, reason: 'InAMeeting' });
    expect(gate.decide(seen('DoNotDisturb', 'Presenting'), NOW)).toEqual({
      offer: false,
      reason: 'Presenting',
    });
    expect(gate.decide(seen('DoNotDisturb', 'UrgentInterruptionsOnly'), NOW)).toEqual({
      offer: false,
      reason: 'DoNotDisturb',
    });
  });

  it('offers calls to agents who are available, away or merely busy with something else', () => {
    const gate = new PresenceGate();
    for (const [availability, activity] of [
      ['Available', 'Available'],
      ['Away', 'Away'],
      ['Busy', 'Busy'],
      ['Offline', 'OffWork'],
    ] as const) {
      expect(gate.decide(seen(availability, activity), NOW)).toEqual({ offer: true, basis: 'free' });
    }
  });

  it('follows the configured lists, whatever their case', () => {
    const gate = new PresenceGate({ busyActivities: ['busy'], busyAvailabilities: [] });
    expect(gate.decide(seen('Busy', 'Busy'), NOW)).toEqual({ offer: false, reason: 'Busy' });
    expect(gate.decide(seen('Busy', 'InAMeeting'), NOW).offer).toBe(true);
    expect(gate.decide(seen('DoNotDisturb', 'Presenting'), NOW).offer).toBe(true);
  });

  it('applies the stale policy to old presence, even to an old meeting', () => {
    const offer = new PresenceGate({ staleAfterMs: 60_000, whenStale: 'offer' });
    const holdBack = new PresenceGate({ staleAfterMs: 60_000, whenStale: 'hold-back' });
    expect(offer.decide(seen('Busy', 'InAMeeting', 60_001), NOW)).toEqual({ offer: true, basis: 'stale' });
    expect(holdBack.decide(seen('Available', 'Available', 60_001), NOW)).toEqual({
      offer: false,
      reason: 'PresenceStale',
    });
    expect(holdBack.decide(seen('Available', 'Available', 60_000), NOW).offer).toBe(true);
  });

  it('applies the unknown policy to missing presence and to Teams’ PresenceUnknown', () => {
    const holdBack = new PresenceGate({ whenUnknown: 'hold-back' });
    expect(holdBack.decide(undefined, NOW)).toEqual({ offer: false, reason: 'PresenceUnknown' });
    expect(holdBack.decide(seen('PresenceUnknown', 'PresenceUnknown'), NOW)).toEqual({
      offer: false,
      reason: 'PresenceUnknown',
    });
    expect(new PresenceGate().decide(undefined, NOW)).toEqual({ offer: true, basis: 'unknown' });
  });

  it('refuses impossible options with a message that names them', () => {
    expect(() => presenceGateOptions({ staleAfterMs: 0 })).toThrow(/staleAfterMs must be a positive number/);
    expect(() => presenceGateOptions({ whenStale: 'maybe' as never })).toThrow(/whenStale must be "offer"/);
    expect(() => presenceGateOptions({ busyActivities: [''] })).toThrow(/busyActivities must be a list/);
    expect(presenceGateOptions({ staleAfterMs: undefined }).staleAfterMs).toBe(120_000);
  });
});
