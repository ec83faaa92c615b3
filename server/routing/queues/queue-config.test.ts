import { describe, expect, it } from 'vitest';
import { queueConfig, queueConfigSchema } from './queue-config.js';
import { nextExpansionIn, requirementsAfter, widestRequirements } from './skills-expansion.js';

const base = { id: 'q1', tenantId: 'demo', name: 'support' };

function problems(input: object): string[] {
  const parsed = queueConfigSchema.safeParse({ ...base, ...input });
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('queue configuration', () => {
  it('fills in working defaults from an id, a tenant and a name', () => {
    expect(queueConfig(base)).toMatchObject({
      strategy: 'longest-idle',
      priority: 0,
      requiredSkills: [],
      skillsExpansion: [],
      serviceLevel: { percent: 80, withinMs: 20_000 },
      maxWaitMs: null,
      maxLength: null,
      overflow: null,
      businessHours: null,
    });
  });

  it('refuses unknown keys, strategies and skill levels outside 1-5', () => {
    expect(problems({ maxWiat: 10 })).toEqual([expect.stringContaining('maxWiat')]);
    expect(problems({ strategy: 'random' })).toHaveLength(1);
    expect(problems({ requiredSkills: [{ skill: 'english', minLevel: 6 }] })).toHaveLength(1);
  });

  it('accepts overflow to a queue or an E.164 number, never to the queue itself', () => {
    expect(problems({ overflow: { kind: 'number', e164: '+15550199' } })).toEqual([]);
    expect(problems({ overflow: { kind: 'number', e164: '5550199' } })).toHaveLength(1);
    expect(problems({ overflow: { kind: 'queue', queueId: 'q1' } })).toEqual([
      'overflow: a queue cannot overflow to itself',
    ]);
  });

  it('accepts expansion steps that only widen, in increasing time', () => {
    const steps = [
      { afterMs: 30_000, requiredSkills: [{ skill: 'english', minLevel: 3 }] },
      { afterMs: 60_000, requiredSkills: [{ skill: 'english', minLevel: 1 }] },
      { afterMs: 120_000, requiredSkills: [] },
    ];
    expect(problems({ requiredSkills: [{ skill: 'english', minLevel: 5 }], skillsExpansion: steps })).toEqual(
      [],
    );
  });

  it('refuses steps out of order, or steps that ask more than the one before', () => {
    const required = [{ skill: 'english', minLevel: 3 }];
    expect(
      problems({
        requiredSkills: required,
        skillsExpansion: [
          { afterMs: 60_000, requiredSkills: required },
          { afterMs: 30_000, requiredSkills: required },
        ],
      }),
    ).toEqual(['skillsExpansion.1.afterMs: expected steps in increasing afterMs (after 60000)']);
    expect(
      problems({
        requiredSkills: required,
        skillsExpansion: [{ afterMs: 30_000, requiredSkills: [{ skill: 'english', minLevel: 4 }] }],
      }),
    ).toEqual([
      'skillsExpansion.0.requiredSkills: a step may only widen the requirements, but english rises from 3 to 4',
    ]);
    expect(
      problems({
        requiredSkills: required,
        skillsExpansion: [{ afterMs: 30_000, requiredSkills: [{ skill: 'french', minLevel: 1 }] }],
      }),
    ).toEqual([
      'skillsExpansion.0.requiredSkills: a step may only widen the requirements, but french was not required before',
    ]);
  });
});

describe('skills expansion', () => {
  const queue = queueConfig({
    ...base,
    requiredSkills: [
      { skill: 'english', minLevel: 5 },
      { skill: 'billing', minLevel: 3 },
    ],
    skillsExpansion: [
      { afterMs: 20_000, requiredSkills: [{ skill: 'english', minLevel: 3 }] },
      { afterMs: 60_000, requiredSkills: [{ skill: 'english', minLevel: 1 }] },
    ],
  });

  it('widens the requirements step by step as the caller waits', () => {
    expect(requirementsAfter(queue, 0)).toEqual(queue.requiredSkills);
    expect(requirementsAfter(queue, 19_999)).toEqual(queue.requiredSkills);
    expect(requirementsAfter(queue, 20_000)).toEqual([{ skill: 'english', minLevel: 3 }]);
    expect(requirementsAfter(queue, 3_600_000)).toEqual([{ skill: 'english', minLevel: 1 }]);
  });

  it('says when the next step comes, and that none comes after the last', () => {
    expect(nextExpansionIn(queue, 5_000)).toBe(15_000);
    expect(nextExpansionIn(queue, 20_000)).toBe(40_000);
    expect(nextExpansionIn(queue, 60_000)).toBeNull();
  });

  it('knows the widest requirements, which decide who may ever answer', () => {
    expect(widestRequirements(queue)).toEqual([{ skill: 'english', minLevel: 1 }]);
    expect(widestRequirements(queueConfig(base))).toEqual([]);
  });
});

describe('queue configuration errors', () => {
  it('throws a ConfigError naming the queue and every bad key', () => {
    expect(() => queueConfig({ ...base, maxLength: 0, strategy: 'random' as never })).toThrow(
      /invalid queue support:\n {2}strategy: .*\n {2}maxLength: /,
    );
  });
});
