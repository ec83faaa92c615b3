/**
 * A queue as routing sees it: who may answer (required skills, widened step by step as callers
 * wait), how agents are chosen, how long and how many callers may wait, where they go when the
 * queue is full, too slow or closed, and its service-level target. Validated by a strict zod schema
 * with defaults, so that the store's few columns are enough to build a working queue.
 */
import { z } from 'zod';
import type { Queue, QueueStrategy } from '../../store/store-types.js';
import { parseConfig } from '../parse-config.js';
import { MAX_PROFICIENCY, MIN_PROFICIENCY, type SkillRequirement } from '../skills.js';
import { businessHoursSchema } from './business-hours.js';

export const QUEUE_STRATEGIES = [
  'longest-idle',
  'least-occupied',
  'round-robin',
  'fewest-calls',
  'skills-best-match',
  'ring-all',
] as const satisfies readonly QueueStrategy[];

const duration = z.number({ error: 'expected milliseconds' }).int({ error: 'expected whole milliseconds' });

export const skillRequirementSchema = z.strictObject({
  skill: z.string().min(1),
  minLevel: z.number().int().min(MIN_PROFICIENCY).max(MAX_PROFICIENCY).default(MIN_PROFICIENCY),
});

/** After `afterMs` in the queue, a caller may be answered by agents meeting `requiredSkills` instead. */
export const expansionStepSchema = z.strictObject({
  afterMs: duration.min(1),
  requiredSkills: z.array(skillRequirementSchema),
});

export const overflowTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('queue'), queueId: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('number'),
    e164: z.string().regex(/^\+[1-9][0-9]{1,14}$/, { error: 'expected an E.164 number' }),
  }),
]);

export const queueConfigSchema = z
  .strictObject({
    id: z.string().min(1),
    tenantId: z.string().min(1),
    name: z.string().min(1),
    strategy: z.enum(QUEUE_STRATEGIES).default('longest-idle'),
    /** Higher first: an agent in several queues serves the highest-priority queue's callers first. */
    priority: z.number().int().default(0),
    requiredSkills: z.array(skillRequirementSchema).default([]),
    /** Steps that widen `requiredSkills` as a caller waits, in increasing `afterMs`. */
    skillsExpansion: z.array(expansionStepSchema).default([]),
    /** e.g. 80 % of callers answered within 20 s. */
    serviceLevel: z
      .strictObject({
        percent: z.number().min(1).max(100).default(80),
        withinMs: duration.min(1).default(20_000),
      })
      .prefault({}),
    maxWaitMs: duration.min(1).nullable().default(null),
    maxLength: z.number().int().min(1).nullable().default(null),
    /** Where callers go on maximum wait or maximum length; null ends their wait. */
    overflow: overflowTargetSchema.nullable().default(null),
    businessHours: businessHoursSchema.nullable().default(null),
    /** Where callers go when the queue is closed; null turns them away. */
    closedTarget: overflowTargetSchema.nullable().default(null),
    ringTimeoutMs: duration.min(1_000).nullable().default(null),
    wrapUpMs: duration.min(0).nullable().default(null),
  })
  .superRefine((queue, context) => {
    let previous: { afterMs: number; requiredSkills: readonly SkillRequirement[] } = {
      afterMs: 0,
      requiredSkills: queue.requiredSkills,
    };
    queue.skillsExpansion.forEach((step, index) => {
      if (step.afterMs <= previous.afterMs) {
        context.addIssue({
          code: 'custom',
          path: ['skillsExpansion', index, 'afterMs'],
          message: `expected steps in increasing afterMs (after ${previous.afterMs})`,
        });
      }
      const stricter = stricterRequirement(step.requiredSkills, previous.requiredSkills);
      if (stricter) {
        context.addIssue({
          code: 'custom',
          path: ['skillsExpansion', index, 'requiredSkills'],
          message: `a step may only widen the requirements, but ${stricter}`,
        });
      }
      previous = step;
    });
    for (const key of ['overflow', 'closedTarget'] as const) {
      const target = queue[key];
      if (target?.kind === 'queue' && target.queueId === queue.id) {
        context.addIssue({ code: 'custom', path: [key], message: 'a queue cannot overflow to itself' });
      }
    }
  });

export type QueueConfig = z.infer<typeof queueConfigSchema>;
export type QueueConfigInput = z.input<typeof queueConfigSchema>;
export type OverflowTarget = z.infer<typeof overflowTargetSchema>;
export type ExpansionStep = z.infer<typeof expansionStepSchema>;

/** Names the first way `next` asks more than `previous` (a new skill, a higher level), or null. */
function stricterRequirement(
  next: readonly SkillRequirement[],
  previous: readonly SkillRequirement[],
): string | null {
  for (const requirement of next) {
    const before = previous.find((candidate) => candidate.skill === requirement.skill);
    if (!before) return `${requirement.skill} was not required before`;
    if (requirement.minLevel > before.minLevel) {
      return `${requirement.skill} rises from ${before.minLevel} to ${requirement.minLevel}`;
    }
  }
  return null;
}

/** Validates a queue; throws a ConfigError naming every bad key. */
export function queueConfig(input: QueueConfigInput): QueueConfig {
  return parseConfig(queueConfigSchema, input, `queue ${input.name ?? input.id}`);
}

/** A queue from the store, with routing settings the store does not keep yet given in `extra`. */
export function queueConfigFromStore(
  queue: Queue,
  extra: Omit<QueueConfigInput, 'id' | 'tenantId' | 'name'> = {},
): QueueConfig {
  return queueConfig({
    id: queue.id,
    tenantId: queue.tenantId,
    name: queue.name,
    strategy: queue.strategy,
    priority: queue.priority,
    requiredSkills: queue.requiredSkills.map(({ skill, level }) => ({ skill, minLevel: level })),
    ...extra,
  });
}
