/**
 * `POST /v1.0/users/{id}/presence/setPresence` and `.../clearPresence` on the fake Graph, as Graph
 * documents them for an application session: a sessionId (the application's id), availability and
 * activity from the allowed pairs (Available/Available, Busy/InACall, Busy/InAConferenceCall,
 * Away/Away, DoNotDisturb/Presenting), expirationDuration from PT5M to PT4H. The user's presence
 * (what getPresencesByUserId and subscriptions report) becomes what the session set, and returns to
 * the user's own when the session is cleared. Every request is recorded.
 */
import { graphError, type FakeGraph } from './fake-graph.js';

export interface PresenceSessionRecord {
  readonly at: number;
  readonly action: 'setPresence' | 'clearPresence';
  readonly userId: string;
  readonly sessionId: string;
  readonly availability?: string;
  readonly activity?: string;
  readonly expirationDuration?: string;
  readonly status: number;
}

const ALLOWED = new Set([
  'Available/Available',
  'Busy/InACall',
  'Busy/InAConferenceCall',
  'Away/Away',
  'DoNotDisturb/Presenting',
]);

export function servePresenceSessions(
  graph: FakeGraph,
  options: { readonly applicationId: string },
): { readonly records: PresenceSessionRecord[]; failNext: number } {
  const state = { records: [] as PresenceSessionRecord[], failNext: 0 };
  /** userId -> the user's own presence while our session shows something. */
  const own = new Map<string, { availability: string; activity: string }>();
  graph.use(({ method, url, body, answer }) => {
    const match = /^\/v1\.0\/users\/([^/]+)\/presence\/(setPresence|clearPresence)$/.exec(url.pathname);
    if (method !== 'POST' || !match) return false;
    const userId = decodeURIComponent(match[1]!).toLowerCase();
    const action = match[2] as PresenceSessionRecord['action'];
    const request = (parse(body) ?? {}) as Record<string, unknown>;
    const sessionId = String(request.sessionId ?? '');
    const record = (status: number, extra: Partial<PresenceSessionRecord> = {}) =>
      state.records.push({ at: Date.now(), action, userId, sessionId, status, ...extra });
    if (state.failNext > 0) {
      state.failNext--;
      record(503);
      answer(503, graphError('ServiceUnavailable', 'try later'));
      return true;
    }
    if (!graph.allUsers.some((user) => user.id.toLowerCase() === userId)) {
      record(404);
      answer(404, graphError('NotFound', `user ${userId} not found (setPresence wants an object id)`));
      return true;
    }
    if (sessionId !== options.applicationId) {
      record(400);
      answer(
        400,
        graphError('BadRequest', 'sessionId must be the application id for an application session'),
      );
      return true;
    }
    if (action === 'clearPresence') {
      record(200);
      const before = own.get(userId);
      own.delete(userId);
      if (before) graph.setPresence(userId, before.availability, before.activity);
      answer(200, null);
      return true;
    }
    const availability = String(request.availability ?? '');
    const activity = String(request.activity ?? '');
    const expirationDuration = String(request.expirationDuration ?? '');
    const minutes = isoMinutes(expirationDuration);
    if (!ALLOWED.has(`${availability}/${activity}`) || minutes === null || minutes < 5 || minutes > 240) {
      record(400, { availability, activity, expirationDuration });
      answer(400, graphError('BadRequest', 'invalid availability, activity or expirationDuration'));
      return true;
    }
    record(200, { availability, activity, expirationDuration });
    if (!own.has(userId)) own.set(userId, graph.presenceOf(userId));
    graph.setPresence(userId, availability, activity);
    answer(200, null);
    return true;
  });
  return state;
}

function isoMinutes(duration: string): number | null {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
