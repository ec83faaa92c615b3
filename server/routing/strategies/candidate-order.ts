/**
 * Shared ranking helpers. Every strategy ends its comparison with the longest idle and then the
 * agent id, so that equal candidates are always ranked the same way: selection is deterministic.
 */
import type { AgentCandidate, Selection } from './strategy-types.js';

export type CandidateOrder = (a: AgentCandidate, b: AgentCandidate) => number;

export const byLongestIdle: CandidateOrder = (a, b) =>
  a.idleSince - b.idleSince || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

/** The first candidate in `order`, in one pass (no sorting, no copies). */
export function pickFirst(candidates: readonly AgentCandidate[], order: CandidateOrder): Selection {
  let best: AgentCandidate | undefined;
  for (const candidate of candidates) {
    if (!best || order(candidate, best) < 0) best = candidate;
  }
  return best ? { kind: 'one', agentId: best.agentId } : { kind: 'none' };
}
