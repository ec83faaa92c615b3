/**
 * What the calendar gate reads from Graph's calendarView (`GET /users/{id}/calendarView`), and the
 * one rule it applies: an agent whose meeting starts within the expected handle time of a call is
 * not offered calls, from `start - expectedHandle` until the meeting starts (from then on Teams
 * presence shows InAMeeting, and the presence gate takes over).
 *
 * Meetings that do not take the agent away are left out: cancelled ones, declined ones, all-day
 * events and those shown as free. Any other busy event counts, Teams meeting or not: a meeting in a
 * room takes the agent away just as well.
 */

export interface UpcomingMeeting {
  readonly id: string;
  /** ms since the epoch. */
  readonly start: number;
  readonly end: number;
}

/** Graph's `dateTimeTimeZone`. Without a Prefer header Graph answers in UTC, as we ask. */
interface GraphDateTime {
  readonly dateTime?: unknown;
  readonly timeZone?: unknown;
}

interface GraphEvent {
  readonly id?: unknown;
  readonly start?: GraphDateTime;
  readonly end?: GraphDateTime;
  readonly isCancelled?: unknown;
  readonly isAllDay?: unknown;
  readonly showAs?: unknown;
  readonly responseStatus?: { readonly response?: unknown } | null;
}

/** The `$select` the gate asks for: only what `meetingsOf` reads. */
export const CALENDAR_VIEW_FIELDS = 'id,start,end,isCancelled,isAllDay,showAs,responseStatus';

/** The meetings of one calendarView page that keep the agent busy, by start; bad entries skipped. */
export function meetingsOf(page: unknown): UpcomingMeeting[] {
  const value = (page as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new TypeError('calendarView answered without a list of events');
  const meetings: UpcomingMeeting[] = [];
  for (const entry of value as GraphEvent[]) {
    if (!entry || typeof entry !== 'object') continue;
    if (entry.isCancelled === true || entry.isAllDay === true) continue;
    if (entry.showAs === 'free') continue;
    if (entry.responseStatus?.response === 'declined') continue;
    const start = utcMillis(entry.start);
    const end = utcMillis(entry.end);
    if (start === null || end === null || end < start) continue;
    meetings.push({ id: typeof entry.id === 'string' ? entry.id : `${start}`, start, end });
  }
  return meetings.sort((a, b) => a.start - b.start);
}

export type MeetingHold =
  | { readonly held: true; readonly meeting: UpcomingMeeting; readonly until: number }
  | { readonly held: false; readonly from: number | null };

/**
 * Whether a meeting holds the agent back at `now`: held until the meeting starts, or free until the
 * next hold begins (`from`, null when no meeting ahead holds her).
 */
export function meetingHold(
  meetings: readonly UpcomingMeeting[],
  now: number,
  expectedHandleMs: number,
): MeetingHold {
  let from: number | null = null;
  for (const meeting of meetings) {
    if (meeting.start <= now) continue;
    const holdFrom = meeting.start - expectedHandleMs;
    if (holdFrom <= now) return { held: true, meeting, until: meeting.start };
    from = from === null ? holdFrom : Math.min(from, holdFrom);
  }
  return { held: false, from };
}

function utcMillis(value: GraphDateTime | undefined): number | null {
  if (!value || typeof value.dateTime !== 'string') return null;
  if (value.timeZone !== undefined && value.timeZone !== 'UTC') return null;
  const text = /[zZ]|[+-]\d\d:\d\d$/.test(value.dateTime) ? value.dateTime : `${value.dateTime}Z`;
  const millis = Date.parse(text);
  return Number.isFinite(millis) ? millis : null;
}
