/** The agent's queues at a glance, from the event stream's `stats` messages (and `GET /api/queues` at sign-in). */
export interface QueueFigures {
  readonly name: string;
  readonly waiting: number;
  /** How long the caller who has waited longest has waited, in ms at `updatedAt`. */
  readonly longestWaitMs: number;
}

export interface QueuesState {
  /** Sorted by name. */
  readonly queues: readonly QueueFigures[];
  /** Epoch ms of the figures. */
  readonly updatedAt: number | null;
}

export const initialQueuesState: QueuesState = { queues: [], updatedAt: null };
