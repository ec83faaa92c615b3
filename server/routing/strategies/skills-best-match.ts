/**
 * The most proficient agent in the skills the call needs (sum of levels), then the longest idle.
 * With no required skills every candidate scores the same and this is longest idle.
 */
import { skillMatchScore } from '../skills.js';
import { byLongestIdle } from './candidate-order.js';
import type { AgentCandidate, SelectionStrategy } from './strategy-types.js';

export const skillsBestMatchAgent: SelectionStrategy = ({ call, candidates }) => {
  let best: { candidate: AgentCandidate; score: number } | null = null;
  for (const candidate of candidates) {
    const score = skillMatchScore(candidate.skills, call.requirements);
    if (
      !best ||
      score > best.score ||
      (score === best.score && byLongestIdle(candidate, best.candidate) < 0)
    ) {
      best = { candidate, score };
    }
  }
  return best ? { kind: 'one', agentId: best.candidate.agentId } : { kind: 'none' };
};
