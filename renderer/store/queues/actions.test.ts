import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import { selectQueues, selectTotalWaiting } from './selectors.js';

describe('the queue overview', () => {
  it('keeps waiting callers and the longest wait per queue, sorted by name', () => {
    const store = createTandemStore();
    store.getState().actions.queues.applyFigures(
      [
        { name: 'support', waiting: 2, longestWaitMs: 45_000 },
        { name: 'sales', waiting: 0, longestWaitMs: 0 },
      ],
      10,
    );
    expect(selectQueues(store.getState()).map((queue) => queue.name)).toEqual(['sales', 'support']);
    expect(selectTotalWaiting(store.getState())).toBe(2);
    store.getState().actions.queues.reset();
    expect(selectQueues(store.getState())).toEqual([]);
  });
});
