/**
 * Agents in turn, ordered by id: the next one after the agent offered last, wrapping around
 * (Asterisk `rrmemory`). The cursor lives in the engine, so this function stays pure.
 */
import type { AgentCandidate, SelectionStrategy } from './strategy-types.js';

export const roundRobinAgent: SelectionStrategy = ({ candidates, lastOfferedAgentId }) => {
  let next: AgentCandidate | undefined;
  let first: AgentCandidate | undefined;
  for (const candidate of candidates) {
    if (!first || candidate.agentId < first.agentId) first = candidate;
    const after = lastOfferedAgentId === null || candidate.agentId > lastOfferedAgentId;
    if (after && (!next || candidate.agentId < next.agentId)) next = candidate;
  }
  const chosen = next ?? first;
  return chosen ? { kind: 'one', agentId: chosen.agentId } : { kind: 'none' };
};
