/**
 * `GET /v1.0/users/{id | upn}/calendarView?startDateTime=&endDateTime=` on the fake Graph: the
 * events of a user that overlap the window (both bounds required, as Graph requires them), times in
 * UTC as Graph answers without a Prefer header. The test adds, moves and cancels meetings while it
 * runs; every calendar request is recorded.
 */
import { graphError, type FakeGraph } from './fake-graph.js';

export interface FakeMeeting {
  readonly id: string;
  readonly subject: string;
  readonly start: number;
  readonly end: number;
  readonly isCancelled?: boolean;
  readonly showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere';
  readonly isOnlineMeeting?: boolean;
}

export interface FakeCalendars {
  /** Adds (or replaces, by id) a meeting in the calendar of `user` (object id or UPN). */
  put(user: string, meeting: FakeMeeting): void;
  remove(user: string, meetingId: string): void;
  /** Calendar requests so far: who, and the window asked for. */
  readonly requests: { user: string; start: string; end: string }[];
}

export function serveCalendars(graph: FakeGraph): FakeCalendars {
  const calendars = new Map<string, FakeMeeting[]>();
  const requests: FakeCalendars['requests'] = [];
  const userKey = (user: string) => {
    const lower = user.toLowerCase();
    const known = graph.allUsers.find(
      (candidate) =>
        candidate.id.toLowerCase() === lower || candidate.userPrincipalName?.toLowerCase() === lower,
    );
    return known?.id.toLowerCase() ?? lower;
  };
  graph.use(({ method, url, answer }) => {
    const match = /^\/v1\.0\/users\/([^/]+)\/calendarView$/.exec(url.pathname);
    if (method !== 'GET' || !match) return false;
    const user = decodeURIComponent(match[1]!);
    const startText = url.searchParams.get('startDateTime') ?? '';
    const endText = url.searchParams.get('endDateTime') ?? '';
    const start = Date.parse(startText);
    const end = Date.parse(endText);
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      answer(
        400,
        graphError(
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        ),
      );
      return true;
    }
    requests.push({ user, start: startText, end: endText });
    const events = (calendars.get(userKey(user)) ?? [])
      .filter((meeting) => meeting.start < end && meeting.end > start)
      .sort((a, b) => a.start - b.start)
      .map((meeting) => ({
        id: meeting.id,
        subject: meeting.subject,
        start: { dateTime: graphDateTime(meeting.start), timeZone: 'UTC' },
        end: { dateTime: graphDateTime(meeting.end), timeZone: 'UTC' },
        isCancelled: meeting.isCancelled ?? false,
        isAllDay: false,
        showAs: meeting.showAs ?? 'busy',
        isOnlineMeeting: meeting.isOnlineMeeting ?? true,
        onlineMeetingProvider: 'teamsForBusiness',
        responseStatus: { response: 'accepted', time: '0001-01-01T00:00:00Z' },
      }));
    answer(200, { '@odata.context': `${graph.origin}/v1.0/$metadata#Collection(event)`, value: events });
    return true;
  });
  return {
    requests,
    put(user, meeting) {
      const list = (calendars.get(userKey(user)) ?? []).filter((existing) => existing.id !== meeting.id);
      calendars.set(userKey(user), [...list, meeting]);
    },
    remove(user, meetingId) {
      calendars.set(
        userKey(user),
        (calendars.get(userKey(user)) ?? []).filter((existing) => existing.id !== meetingId),
      );
    },
  };
}

/** Graph's dateTime: no offset, seven decimals (`2030-01-07T10:00:00.0000000`). */
function graphDateTime(millis: number): string {
  return new Date(millis).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}
