/**
 * Skills, proficiency and capacity: what an agent can do, and what a call needs.
 * Proficiency runs from 1 (novice) to 5 (expert), as in the store (`agent_skills.level`).
 */
import type { AgentSkill } from '../store/store-types.js';

export const MIN_PROFICIENCY = 1;
export const MAX_PROFICIENCY = 5;

/** A call's need: an agent must have `skill` at `minLevel` or better. */
export interface SkillRequirement {
  readonly skill: string;
  readonly minLevel: number;
}

/** An agent's skills, by name; absent means "does not have it". */
export type SkillSet = ReadonlyMap<string, number>;

/** Media an agent handles. Voice only for now; chat joins with its own capacity later. */
export type Channel = 'voice';

/** How many contacts of each channel an agent may handle at once; voice is 1, 0 means "not on voice". */
export type ChannelCapacity = Readonly<Record<Channel, number>>;

export const DEFAULT_CAPACITY: ChannelCapacity = { voice: 1 };

export function isProficiency(level: number): boolean {
  return Number.isInteger(level) && level >= MIN_PROFICIENCY && level <= MAX_PROFICIENCY;
}

/** Builds a skill set from the store's list; a bad level is a programming error at the boundary. */
export function skillSetOf(skills: readonly AgentSkill[]): SkillSet {
  const set = new Map<string, number>();
  for (const { skill, level } of skills) {
    if (!isProficiency(level)) throw new TypeError(`skill ${skill}: proficiency ${level} is not 1-5`);
    set.set(skill, level);
  }
  return set;
}

export function meetsRequirements(skills: SkillSet, requirements: readonly SkillRequirement[]): boolean {
  for (let index = 0; index < requirements.length; index++) {
    const requirement = requirements[index]!;
    const level = skills.get(requirement.skill);
    if (level === undefined || level < requirement.minLevel) return false;
  }
  return true;
}

/**
 * How well an agent fits: the sum of their levels in the required skills, so that an expert
 * outranks someone who merely qualifies. With no requirements every agent scores 0.
 */
export function skillMatchScore(skills: SkillSet, requirements: readonly SkillRequirement[]): number {
  let score = 0;
  for (const requirement of requirements) score += skills.get(requirement.skill) ?? 0;
  return score;
}

/** Both lists together; where a skill is in both, the stricter level holds. */
export function mergeRequirements(
  base: readonly SkillRequirement[],
  extra: readonly SkillRequirement[],
): readonly SkillRequirement[] {
  if (extra.length === 0) return base;
  if (base.length === 0) return extra;
  const merged = new Map<string, number>();
  for (const { skill, minLevel } of [...base, ...extra]) {
    merged.set(skill, Math.max(minLevel, merged.get(skill) ?? MIN_PROFICIENCY));
  }
  return [...merged].map(([skill, minLevel]) => ({ skill, minLevel }));
}
