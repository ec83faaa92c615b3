/**
 * Historical queue statistics from call records (CDRs): the same figures as in real time
 * (queue-tally.ts), per queue and per interval (15 minutes, an hour, a day on the local clock).
 *
 * What a record says, and how it counts (a call counts in the interval it started in):
 * - a record with a queue is a caller offered to that queue; records without one are not queue calls;
 * - answered: an agent answered it (`answeredAt` and `agentId`); its wait is `answeredAt - startedAt`
 *   (the record starts when the call reaches the server, and queue calls join their queue at once);
 * - abandoned: never answered, and the caller hung up (`caller-cancelled`, `caller-hangup`); its wait
 *   is `endedAt - startedAt`;
 * - exited: ended without an agent for any other reason (maximum wait, closed, answered at an
 *   overflow number...), except a server restart, which is no outcome at all;
 * - handled: answered and ended; talk is `endedAt - answeredAt`, handle time adds `wrapUpMs` when the
 *   record has it (written when the wrap-up is over).
 */
import type { CallRecord } from '../../store/store-types.js';
import { toCsv, type CsvField } from './csv.js';
import { emptyTally, queueFigures, type QueueFigures, type QueueTally } from './queue-tally.js';
import { intervalStart, nextIntervalStart, type ReportInterval } from './report-intervals.js';

/** The queue schema's default service-level time, for a queue routing no longer knows. */
const DEFAULT_SERVICE_LEVEL_MS = 20_000;

const ABANDON_REASONS: ReadonlySet<string> = new Set(['caller-cancelled', 'caller-hangup']);
const NO_OUTCOME_REASONS: ReadonlySet<string> = new Set(['server-restart']);

export interface HistoryQueue {
  readonly name: string;
  readonly serviceLevelMs: number;
}

export interface HistoryRequest {
  /** [from, to) in epoch milliseconds. */
  readonly from: number;
  readonly to: number;
  readonly interval: ReportInterval;
  readonly timeZone: string;
  /** Queues by id: names and service-level times. */
  readonly queues: ReadonlyMap<string, HistoryQueue>;
}

export interface HistoryRow extends QueueFigures {
  /** ISO 8601 UTC. */
  readonly intervalStart: string;
  readonly intervalEnd: string;
  readonly queueId: string;
  readonly queueName: string;
}

/**
 * One row per interval in [from, to) and per queue that had calls in the range (intervals without
 * calls show zeros, so that a chart has no holes), ordered by interval, then queue name.
 */
export function callHistoryReport(records: readonly CallRecord[], request: HistoryRequest): HistoryRow[] {
  const { from, to, interval, timeZone } = request;
  const tallies = new Map<string, Map<number, QueueTally>>();
  for (const record of records) {
    const startedAt = Date.parse(record.startedAt);
    if (record.queueId === null || !(startedAt >= from && startedAt < to)) continue;
    let byInterval = tallies.get(record.queueId);
    if (!byInterval) tallies.set(record.queueId, (byInterval = new Map()));
    const bucket = intervalStart(interval, timeZone, startedAt);
    let tally = byInterval.get(bucket);
    if (!tally) byInterval.set(bucket, (tally = emptyTally()));
    const serviceLevelMs = request.queues.get(record.queueId)?.serviceLevelMs ?? DEFAULT_SERVICE_LEVEL_MS;
    countCall(tally, record, startedAt, serviceLevelMs);
  }
  const queueIds = [...tallies.keys()]
    .map((queueId) => ({ queueId, name: request.queues.get(queueId)?.name ?? queueId }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.queueId < b.queueId ? -1 : 1));
  const rows: HistoryRow[] = [];
  for (let start = intervalStart(interval, timeZone, from); start < to;) {
    const end = nextIntervalStart(interval, timeZone, start);
    for (const { queueId, name } of queueIds) {
      rows.push({
        intervalStart: new Date(start).toISOString(),
        intervalEnd: new Date(end).toISOString(),
        queueId,
        queueName: name,
        ...queueFigures(tallies.get(queueId)?.get(start) ?? emptyTally()),
      });
    }
    start = end;
  }
  return rows;
}

function countCall(tally: QueueTally, record: CallRecord, startedAt: number, serviceLevelMs: number): void {
  tally.offered++;
  const answeredAt = record.answeredAt === null ? NaN : Date.parse(record.answeredAt);
  const endedAt = record.endedAt === null ? NaN : Date.parse(record.endedAt);
  if (!Number.isNaN(answeredAt) && record.agentId !== null) {
    const waitedMs = Math.max(0, answeredAt - startedAt);
    tally.answered++;
    tally.answerWaitMs += waitedMs;
    if (waitedMs <= serviceLevelMs) tally.answeredWithinServiceLevel++;
    if (Number.isNaN(endedAt)) return;
    const talkMs = Math.max(0, endedAt - answeredAt);
    tally.handled++;
    tally.talkMs += talkMs;
    tally.handleMs += talkMs + (record.wrapUpMs ?? 0);
    return;
  }
  if (Number.isNaN(endedAt) || record.endReason === null || NO_OUTCOME_REASONS.has(record.endReason)) return;
  if (Number.isNaN(answeredAt) && ABANDON_REASONS.has(record.endReason)) {
    tally.abandoned++;
    if (endedAt - startedAt <= serviceLevelMs) tally.abandonedWithinServiceLevel++;
    return;
  }
  tally.exited++;
}

const CSV_COLUMNS: readonly [string, (row: HistoryRow) => CsvField][] = [
  ['interval_start', (row) => row.intervalStart],
  ['interval_end', (row) => row.intervalEnd],
  ['queue_id', (row) => row.queueId],
  ['queue_name', (row) => row.queueName],
  ['offered', (row) => row.offered],
  ['answered', (row) => row.answered],
  ['answered_within_service_level', (row) => row.answeredWithinServiceLevel],
  ['abandoned', (row) => row.abandoned],
  ['abandoned_within_service_level', (row) => row.abandonedWithinServiceLevel],
  ['exited', (row) => row.exited],
  ['handled', (row) => row.handled],
  ['service_level_percent', (row) => row.serviceLevelPercent],
  ['average_speed_of_answer_ms', (row) => row.averageSpeedOfAnswerMs],
  ['abandon_rate_percent', (row) => row.abandonRatePercent],
  ['average_talk_time_ms', (row) => row.averageTalkTimeMs],
  ['average_handle_time_ms', (row) => row.averageHandleTimeMs],
];

/** The report as CSV with a header row; a figure with nothing to average is an empty field. */
export function historyCsv(rows: readonly HistoryRow[]): string {
  return toCsv(
    CSV_COLUMNS.map(([name]) => name),
    rows.map((row) => CSV_COLUMNS.map(([, value]) => value(row))),
  );
}
