/** The agent who has waited longest for a call (Asterisk `leastrecent`, mod_callcenter `longest-idle-agent`). */
import { byLongestIdle, pickFirst } from './candidate-order.js';
import type { SelectionStrategy } from './strategy-types.js';

export const longestIdleAgent: SelectionStrategy = ({ candidates }) => pickFirst(candidates, byLongestIdle);
