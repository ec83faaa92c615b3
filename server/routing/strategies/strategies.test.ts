import { describe, expect, it } from 'vitest';
import type { SkillRequirement } from '../skills.js';
import { STRATEGIES } from './index.js';
import type { AgentCandidate, Selection, SelectionInput } from './strategy-types.js';

/** Four agents on a Monday morning, each best by a different measure. */
const ann: AgentCandidate = {
  agentId: 'ann',
  idleSince: 1_000, // waiting longest
  talkTimeTodayMs: 3_600_000,
  callsToday: 30,
  skills: new Map([['english', 2]]),
};
const ben: AgentCandidate = {
  agentId: 'ben',
  idleSince: 5_000,
  talkTimeTodayMs: 600_000, // least talk time
  callsToday: 20,
  skills: new Map([['english', 3]]),
};
const cat: AgentCandidate = {
  agentId: 'cat',
  idleSince: 4_000,
  talkTimeTodayMs: 2_400_000,
  callsToday: 4, // fewest calls (long ones)
  skills: new Map([['english', 3]]),
};
const dan: AgentCandidate = {
  agentId: 'dan',
  idleSince: 9_000,
  talkTimeTodayMs: 1_800_000,
  callsToday: 12,
  skills: new Map([
    ['english', 5], // the expert
    ['billing', 4],
  ]),
};
const everyone = [dan, cat, ben, ann];

function input(
  candidates: readonly AgentCandidate[],
  requirements: readonly SkillRequirement[] = [{ skill: 'english', minLevel: 1 }],
  lastOfferedAgentId: string | null = null,
): SelectionInput {
  return { call: { callId: 'c', priority: 0, waitedMs: 0, requirements }, candidates, lastOfferedAgentId };
}

const one = (agentId: string): Selection => ({ kind: 'one', agentId });

describe('agent selection strategies', () => {
  it('longest idle picks the agent waiting longest for a call', () => {
    expect(STRATEGIES['longest-idle'](input(everyone))).toEqual(one('ann'));
  });

  it('least occupied picks the agent with the least talk time today', () => {
    expect(STRATEGIES['least-occupied'](input(everyone))).toEqual(one('ben'));
  });

  it('fewest calls picks the agent who answered the fewest calls today', () => {
    expect(STRATEGIES['fewest-calls'](input(everyone))).toEqual(one('cat'));
  });

  it('skills best match picks the most proficient agent in the required skills', () => {
    expect(STRATEGIES['skills-best-match'](input(everyone))).toEqual(one('dan'));
    // Equal proficiency: the longest idle of them.
    expect(STRATEGIES['skills-best-match'](input([ben, cat]))).toEqual(one('cat'));
    // Several skills count together.
    const billing = [
      { skill: 'english', minLevel: 1 },
      { skill: 'billing', minLevel: 1 },
    ];
    expect(STRATEGIES['skills-best-match'](input(everyone, billing))).toEqual(one('dan'));
    // No requirement at all: longest idle.
    expect(STRATEGIES['skills-best-match'](input(everyone, []))).toEqual(one('ann'));
  });

  it('round robin takes agents in turn by id, wrapping around after the last', () => {
    const pick = (last: string | null) => STRATEGIES['round-robin'](input(everyone, undefined, last));
    expect(pick(null)).toEqual(one('ann'));
    expect(pick('ann')).toEqual(one('ben'));
    expect(pick('ben')).toEqual(one('cat'));
    expect(pick('dan')).toEqual(one('ann'));
    // The agent offered last has gone: the next one after them still comes next.
    expect(pick('bob')).toEqual(one('cat'));
  });

  it('ring all rings every candidate', () => {
    expect(STRATEGIES['ring-all'](input(everyone))).toEqual({
      kind: 'all',
      agentIds: ['ann', 'ben', 'cat', 'dan'],
    });
  });

  it('breaks ties the same way every time: longest idle, then agent id', () => {
    const twin = { ...ann, agentId: 'amy' };
    for (const name of ['longest-idle', 'least-occupied', 'fewest-calls', 'skills-best-match'] as const) {
      expect(STRATEGIES[name](input([ann, twin])), name).toEqual(one('amy'));
      expect(STRATEGIES[name](input([twin, ann])), name).toEqual(one('amy'));
    }
  });

  it('never picks an agent that is not a candidate, and picks nobody from nobody', () => {
    for (const strategy of Object.values(STRATEGIES)) {
      expect(strategy(input([]))).toEqual({ kind: 'none' });
      const selection = strategy(input([cat]));
      expect(
        selection.kind === 'one' ? [selection.agentId] : selection.kind === 'all' ? selection.agentIds : [],
      ).toEqual(['cat']);
    }
  });

  it('does not depend on the order of the candidates', () => {
    for (const strategy of Object.values(STRATEGIES)) {
      expect(strategy(input([...everyone].reverse()))).toEqual(strategy(input(everyone)));
    }
  });
});
