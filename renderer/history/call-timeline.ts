/**
 * A call's journey for the detail view: each event with its time from the start of the call and the
 * one detail worth showing, and the call's durations (waiting, talking, on hold, wrap-up).
 */
import type { HistoryCall, HistoryEvent } from '../../server/api/history-api-types.js';

const namedKinds = [
  'received',
  'ivr-started',
  'ivr-step',
  'queued',
  'announced',
  'offered',
  'offer-failed',
  'answered',
  'held',
  'resumed',
  'transferred',
  'transfer-failed',
  'recording-started',
  'ended',
] as const;
type NamedKind = (typeof namedKinds)[number];
const isNamedKind = (kind: string): kind is NamedKind => (namedKinds as readonly string[]).includes(kind);

export interface TimelineEntry {
  readonly id: number;
  readonly kind: string;
  /** The message naming the event; null for kinds without one (shown with `history.event.other`). */
  readonly label: `history.event.${NamedKind}` | null;
  /** Seconds from the start of the call. */
  readonly offsetSeconds: number;
  /** Who or what the event was about (an agent, a queue, a menu choice, a transfer target), or ''. */
  readonly detail: string;
}

const detailKeys = [
  'target',
  'to',
  'with',
  'queue',
  'choice',
  'digits',
  'digit',
  'label',
  'agent',
  'reason',
  'by',
];

function detailOf(event: HistoryEvent): string {
  for (const key of detailKeys) {
    const value = event.data[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return '';
}

export function timelineOf(call: HistoryCall): TimelineEntry[] {
  const start = Date.parse(call.startedAt);
  return timelineOrder(call.events).map((event) => ({
    id: event.id,
    kind: event.kind,
    label: isNamedKind(event.kind) ? (`history.event.${event.kind}` as const) : null,
    offsetSeconds: Math.max(0, Math.round((Date.parse(event.at) - start) / 1000)),
    detail: detailOf(event),
  }));
}

export interface CallDurations {
  readonly waitedSeconds: number | null;
  readonly talkedSeconds: number | null;
  readonly heldSeconds: number;
  readonly wrapUpSeconds: number | null;
}

const seconds = (fromIso: string, toIso: string) =>
  Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));

export function durationsOf(call: HistoryCall): CallDurations {
  let heldSeconds = 0;
  let heldSince: string | null = null;
  for (const event of timelineOrder(call.events)) {
    if (event.kind === 'held' && heldSince === null) heldSince = event.at;
    if (event.kind === 'resumed' && heldSince !== null) {
      heldSeconds += seconds(heldSince, event.at);
      heldSince = null;
    }
  }
  if (heldSince !== null && call.endedAt !== null) heldSeconds += seconds(heldSince, call.endedAt);
  const answered = call.answeredAt;
  return {
    waitedSeconds:
      answered !== null
        ? seconds(call.startedAt, answered)
        : call.endedAt !== null
          ? seconds(call.startedAt, call.endedAt)
          : null,
    talkedSeconds: answered !== null && call.endedAt !== null ? seconds(answered, call.endedAt) : null,
    heldSeconds,
    wrapUpSeconds: call.wrapUpMs === null ? null : Math.round(call.wrapUpMs / 1000),
  };
}

function timelineOrder(events: readonly HistoryEvent[]): HistoryEvent[] {
  return [...events].sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
}

/** `m:ss` or `h:mm:ss`. */
export function clock(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const secs = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}
