/**
 * The history view's filter as the local store answers it: plain data that crosses IPC and the worker
 * thread. Days are turned into instants by the page (it knows the agent's time zone).
 */
import type { LocalCall } from './history-store-types.std.js';

export const historyOutcomes = ['answered', 'missed', 'active'] as const;
export type HistoryOutcomeName = (typeof historyOutcomes)[number];

export interface HistoryQueryFilter {
  /** Search as you type (`history-search-query.std.ts`); '' for none. */
  text: string;
  /** Calls started at or after this instant (ISO 8601). */
  startedFrom?: string;
  /** Calls started before this instant (ISO 8601). */
  startedBefore?: string;
  direction?: 'inbound' | 'outbound' | 'internal';
  queue?: string;
  /** `answered`: someone took it; `missed`: it ended unanswered; `active`: not over yet. */
  outcome?: HistoryOutcomeName;
  disposition?: string;
}

export interface HistoryQueryPage {
  /** Newest first. */
  rows: LocalCall[];
  /** Calls matching the filter in all. */
  total: number;
}

export interface HistoryFacetValues {
  queues: string[];
  dispositions: string[];
}
