/** The agent who has answered the fewest calls today (Asterisk `fewestcalls`). */
import { byLongestIdle, pickFirst } from './candidate-order.js';
import type { SelectionStrategy } from './strategy-types.js';

export const fewestCallsAgent: SelectionStrategy = ({ candidates }) =>
  pickFirst(candidates, (a, b) => a.callsToday - b.callsToday || byLongestIdle(a, b));
