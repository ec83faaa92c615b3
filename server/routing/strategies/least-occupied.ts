/** The agent with the least talk time today, spreading the load of long calls. */
import { byLongestIdle, pickFirst } from './candidate-order.js';
import type { SelectionStrategy } from './strategy-types.js';

export const leastOccupiedAgent: SelectionStrategy = ({ candidates }) =>
  pickFirst(candidates, (a, b) => a.talkTimeTodayMs - b.talkTimeTodayMs || byLongestIdle(a, b));
