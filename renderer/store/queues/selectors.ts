import type { QueuesState } from './initial-state.js';

interface WithQueues {
  readonly queues: QueuesState;
}

export const selectQueues = (state: WithQueues) => state.queues.queues;
export const selectQueuesUpdatedAt = (state: WithQueues) => state.queues.updatedAt;
/** Callers waiting across the agent's queues. */
export const selectTotalWaiting = (state: WithQueues) =>
  state.queues.queues.reduce((sum, queue) => sum + queue.waiting, 0);
