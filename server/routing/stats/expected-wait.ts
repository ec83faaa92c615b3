/**
 * The expected wait announced to a caller in a queue: the callers ahead of them (and they) are served
 * by the queue's staffed agents (logged in and not Not ready) one average handle time each, so the wait
 * is position x handle time / staffed agents. Today's average handle time of the queue when there is
 * one, else a default (the first calls of the day). Null when nobody is staffed: no promise to make.
 */
import type { QueueStatisticsView } from './queue-statistics-types.js';

export const DEFAULT_HANDLE_TIME_MS = 180_000;

export function expectedWaitMs(
  position: number,
  queue: {
    readonly agents: QueueStatisticsView['agents'];
    readonly today: Pick<QueueStatisticsView['today'], 'averageHandleTimeMs'>;
  },
  defaultHandleTimeMs = DEFAULT_HANDLE_TIME_MS,
): number | null {
  const { agents } = queue;
  const staffed = agents.Available + agents.Offered + agents.OnCall + agents.WrapUp;
  if (staffed === 0 || position < 1) return null;
  const handle = queue.today.averageHandleTimeMs ?? defaultHandleTimeMs;
  return Math.round((position * handle) / staffed);
}
