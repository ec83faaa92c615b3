/** Contact-center statistics: real time from the routing engine, history from call records. */
export {
  QueueStatistics,
  noAgents,
  type QueueStatisticsInit,
  type StatisticsEngine,
} from './queue-statistics.js';
export type * from './queue-statistics-types.js';
export type { QueueFigures } from './queue-tally.js';
export {
  callHistoryReport,
  historyCsv,
  type HistoryQueue,
  type HistoryRequest,
  type HistoryRow,
} from './call-history-report.js';
export { REPORT_INTERVALS, nominalLengthMs, type ReportInterval } from './report-intervals.js';
export { expectedWaitMs, DEFAULT_HANDLE_TIME_MS } from './expected-wait.js';
