/** Every candidate at once; the first to answer gets the call, the others stop ringing. */
import type { SelectionStrategy } from './strategy-types.js';

export const ringAllAgents: SelectionStrategy = ({ candidates }) =>
  candidates.length === 0
    ? { kind: 'none' }
    : { kind: 'all', agentIds: candidates.map((candidate) => candidate.agentId).sort() };
