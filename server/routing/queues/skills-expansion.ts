/**
 * Skills expansion: the longer a caller waits in a queue, the wider the circle of agents who may
 * answer (Amazon Connect's routing steps, mod_callcenter's tier levels). A queue starts with its
 * `requiredSkills`; each step replaces them, after its `afterMs` in the queue, with wider ones.
 */
import type { SkillRequirement } from '../skills.js';
import type { QueueConfig } from './queue-config.js';

/** The requirements in force after a caller has waited `waitedMs` in the queue. */
export function requirementsAfter(queue: QueueConfig, waitedMs: number): readonly SkillRequirement[] {
  let current: readonly SkillRequirement[] = queue.requiredSkills;
  for (const step of queue.skillsExpansion) {
    if (step.afterMs > waitedMs) break;
    current = step.requiredSkills;
  }
  return current;
}

/** Milliseconds until the next step widens the requirements, or null after the last step. */
export function nextExpansionIn(queue: QueueConfig, waitedMs: number): number | null {
  for (const step of queue.skillsExpansion) {
    if (step.afterMs > waitedMs) return step.afterMs - waitedMs;
  }
  return null;
}

/** The widest requirements the queue ever asks: who may ever answer its callers. */
export function widestRequirements(queue: QueueConfig): readonly SkillRequirement[] {
  return queue.skillsExpansion.at(-1)?.requiredSkills ?? queue.requiredSkills;
}
