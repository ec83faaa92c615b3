import type { SliceUpdater } from '../slice-types.js';
import { initialQueuesState, type QueueFigures, type QueuesState } from './initial-state.js';

/** One queue as `stats` messages and `GET /api/queues` carry it; extra fields are ignored. */
export interface QueueFiguresInput {
  readonly name: string;
  readonly waiting: number;
  readonly longestWaitMs: number;
}

export interface QueuesActions {
  applyFigures(queues: readonly QueueFiguresInput[], at: number): void;
  reset(): void;
}

const byName = (a: QueueFigures, b: QueueFigures) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function createQueuesActions(update: SliceUpdater<QueuesState>): QueuesActions {
  return {
    applyFigures: (queues, at) =>
      update(() => ({
        queues: queues
          .map((queue) => ({
            name: queue.name,
            waiting: Math.max(0, Math.floor(queue.waiting)),
            longestWaitMs: Math.max(0, queue.longestWaitMs),
          }))
          .sort(byName),
        updatedAt: at,
      })),
    reset: () => update(() => initialQueuesState),
  };
}
