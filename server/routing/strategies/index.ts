/** The strategy behind each queue's `strategy` name. */
import type { QueueStrategy } from '../../store/store-types.js';
import { fewestCallsAgent } from './fewest-calls.js';
import { leastOccupiedAgent } from './least-occupied.js';
import { longestIdleAgent } from './longest-idle.js';
import { ringAllAgents } from './ring-all.js';
import { roundRobinAgent } from './round-robin.js';
import { skillsBestMatchAgent } from './skills-best-match.js';
import type { SelectionStrategy } from './strategy-types.js';

export const STRATEGIES: Readonly<Record<QueueStrategy, SelectionStrategy>> = {
  'longest-idle': longestIdleAgent,
  'least-occupied': leastOccupiedAgent,
  'round-robin': roundRobinAgent,
  'fewest-calls': fewestCallsAgent,
  'skills-best-match': skillsBestMatchAgent,
  'ring-all': ringAllAgents,
};

export type {
  AgentCandidate,
  CallForSelection,
  Selection,
  SelectionInput,
  SelectionStrategy,
} from './strategy-types.js';
