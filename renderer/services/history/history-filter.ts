/**
 * Which kept calls a filter lets through, for sources that filter in memory (the browser build). Search
 * as you type: every word typed must begin a word of the call (names, queue, note, disposition) or,
 * for digits, appear in one of its numbers with punctuation ignored ("+49 30-111" finds +4930111222).
 */
import type { HistoryCall } from '../../../server/api/history-api-types.js';
import type { HistoryFilter, HistoryOutcome, HistoryRow } from './history-source.js';

export function outcomeOf(call: HistoryCall): HistoryOutcome {
  if (call.answeredAt !== null) return 'answered';
  return call.status === 'active' ? 'active' : 'missed';
}

/** `YYYY-MM-DD` of an instant in the agent's own time zone. */
export function localDay(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const digitsOnly = (text: string) => text.replace(/\D/g, '');
const PHONE_LIKE = /^[+\d][\d\s().-]*$/;

function wordsOf(row: HistoryRow): string[] {
  const { call } = row;
  return [call.queueName, call.agentName, row.note, row.disposition, call.fromNumber, call.toNumber]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

export function matchesText(row: HistoryRow, text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return true;
  if (PHONE_LIKE.test(trimmed) && /\d/.test(trimmed)) {
    const wanted = digitsOnly(trimmed);
    return [row.call.fromNumber, row.call.toNumber].some((number) => digitsOnly(number).includes(wanted));
  }
  const words = wordsOf(row);
  return trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .every((term) => words.some((word) => word.startsWith(term)));
}

export function matchesFilter(row: HistoryRow, filter: HistoryFilter): boolean {
  const { call } = row;
  if (filter.direction !== '' && call.direction !== filter.direction) return false;
  if (filter.queue !== '' && call.queueName !== filter.queue) return false;
  if (filter.outcome !== '' && outcomeOf(call) !== filter.outcome) return false;
  if (filter.disposition !== '' && row.disposition !== filter.disposition) return false;
  if (filter.from !== '' || filter.to !== '') {
    const day = localDay(call.startedAt);
    if (filter.from !== '' && day < filter.from) return false;
    if (filter.to !== '' && day > filter.to) return false;
  }
  return matchesText(row, filter.text);
}

/** Newest first; calls started at the same moment by id, so pages never shift. */
export function newestFirst(a: HistoryRow, b: HistoryRow): number {
  if (a.call.startedAt !== b.call.startedAt) return a.call.startedAt < b.call.startedAt ? 1 : -1;
  return a.call.id < b.call.id ? 1 : a.call.id > b.call.id ? -1 : 0;
}
