/**
 * The current filter's calls as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled). A cell that a spreadsheet would run as a formula (`=`,
 * `@`, or `+`/`-` not followed by a digit) gets a leading apostrophe; phone numbers keep their `+`.
 */
import { outcomeOf } from './history-filter.js';
import type { HistoryRow } from './history-source.js';

export const historyCsvColumns = [
  'id',
  'startedAt',
  'direction',
  'from',
  'to',
  'queue',
  'agent',
  'outcome',
  'answeredAt',
  'endedAt',
  'talkSeconds',
  'disposition',
  'note',
] as const;

function talkSeconds(row: HistoryRow): string {
  const { answeredAt, endedAt } = row.call;
  if (answeredAt === null || endedAt === null) return '';
  return String(Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(answeredAt)) / 1000)));
}

export function csvCell(value: string): string {
  const safe = /^[=@\t\r]/.test(value) || /^[+-](?!\d)/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function historyCsv(rows: readonly HistoryRow[]): string {
  const lines = [historyCsvColumns.join(',')];
  for (const row of rows) {
    const { call } = row;
    const cells = [
      call.id,
      call.startedAt,
      call.direction,
      call.fromNumber,
      call.toNumber,
      call.queueName ?? '',
      call.agentName ?? '',
      outcomeOf(call),
      call.answeredAt ?? '',
      call.endedAt ?? '',
      talkSeconds(row),
      row.disposition,
      row.note,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
