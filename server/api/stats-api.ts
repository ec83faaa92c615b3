/**
 * Contact-center statistics over HTTP:
 *
 *   GET /api/stats/realtime       today's figures and the live picture, per queue and per agent (JSON)
 *   GET /api/stats/history?from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z&interval=15m|1h|1d&format=json|csv
 *
 * Basic authentication. Supervisors and administrators see every queue and agent of their tenant;
 * an agent sees the queues they serve and only their own figures. History reads the tenant's call
 * records that started in [from, to), cut into intervals on the local clock of the routing engine's
 * day time zone. Answers 400 with an explanation for a bad or too long range, 401 without valid
 * credentials.
 */
import type { RoutingEngine } from '../routing/index.js';
import {
  REPORT_INTERVALS,
  callHistoryReport,
  historyCsv,
  type HistoryQueue,
  type QueueStatistics,
  type ReportInterval,
  type StatisticsSnapshot,
} from '../routing/stats/index.js';
import type { Agent, Store } from '../store/store-types.js';
import { signedInAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';

export interface StatsApiDeps {
  /** The calls service (for its routing engine: queues' service levels, the day's time zone). */
  readonly calls: () => { readonly routing: { readonly engine: RoutingEngine } };
  readonly store: () => Store;
  readonly statistics: () => Pick<QueueStatistics, 'snapshot'>;
}

const DAY_MS = 86_400_000;

/** The longest range a report may cover, per interval: a week of quarters, a month of hours, a year of days. */
export const MAX_RANGE_MS: Record<ReportInterval, number> = {
  '15m': 7 * DAY_MS,
  '1h': 31 * DAY_MS,
  '1d': 366 * DAY_MS,
};

/** Call records one report may read; a busier range must be asked for in parts. */
export const MAX_REPORT_CALLS = 200_000;

/** A date and time with its offset, as ISO 8601 / RFC 3339 write it: 2026-01-05T09:00:00Z, ...+01:00. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The queues a user may see statistics of, among the tenant's. */
function visibleQueues(user: Agent, engine: RoutingEngine): Set<string> {
  if (user.role !== 'agent') {
    return new Set(
      engine
        .queueConfigs()
        .filter((queue) => queue.tenantId === user.tenantId)
        .map((queue) => queue.id),
    );
  }
  return new Set(engine.agentQueues(user.id));
}

/**
 * What one user may see of a real-time snapshot (the same for HTTP and a WebSocket push): their
 * tenant's queues (an agent: the ones they serve) and agents (an agent: themselves), with names.
 */
export function realtimeViewFor(
  user: Agent,
  snapshot: StatisticsSnapshot,
  engine: RoutingEngine,
  store: Pick<Store, 'agents'>,
) {
  const queues = visibleQueues(user, engine);
  const people = new Map(store.agents.list(user.tenantId).map((agent) => [agent.id, agent]));
  return {
    ...snapshot,
    queues: snapshot.queues.filter((queue) => queue.tenantId === user.tenantId && queues.has(queue.queueId)),
    agents: snapshot.agents
      .filter(
        (agent) => agent.tenantId === user.tenantId && (user.role !== 'agent' || agent.agentId === user.id),
      )
      .map((agent) => ({
        ...agent,
        username: people.get(agent.agentId)?.username ?? null,
        displayName: people.get(agent.agentId)?.displayName ?? null,
      })),
  };
}

type HistoryQuery =
  | { readonly ok: true; from: number; to: number; interval: ReportInterval; format: 'json' | 'csv' }
  | { readonly ok: false; error: string };

export function parseHistoryQuery(query: URLSearchParams): HistoryQuery {
  const fromText = query.get('from');
  const toText = query.get('to');
  if (!fromText || !toText)
    return {
      ok: false,
      error: 'expected from and to, e.g. from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z',
    };
  const from = DATE_TIME.test(fromText) ? Date.parse(fromText) : NaN;
  const to = DATE_TIME.test(toText) ? Date.parse(toText) : NaN;
  if (Number.isNaN(from))
    return {
      ok: false,
      error: `from: expected an ISO 8601 date and time with its offset, got "${fromText}"`,
    };
  if (Number.isNaN(to))
    return { ok: false, error: `to: expected an ISO 8601 date and time with its offset, got "${toText}"` };
  if (to <= from) return { ok: false, error: 'to must be after from' };
  const interval = query.get('interval') ?? '1h';
  if (!(REPORT_INTERVALS as readonly string[]).includes(interval)) {
    return {
      ok: false,
      error: `interval: expected one of ${REPORT_INTERVALS.join(', ')}, got "${interval}"`,
    };
  }
  const reportInterval = interval as ReportInterval;
  if (to - from > MAX_RANGE_MS[reportInterval]) {
    return {
      ok: false,
      error: `a report by ${interval} covers at most ${MAX_RANGE_MS[reportInterval] / DAY_MS} days: shorten the range or use a longer interval`,
    };
  }
  const format = query.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv')
    return { ok: false, error: `format: expected json or csv, got "${format}"` };
  return { ok: true, from, to, interval: reportInterval, format };
}

export function registerStatsApi(http: HttpApi, deps: StatsApiDeps): void {
  http.route('GET', '/api/stats/realtime', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const { engine } = deps.calls().routing;
    sendJson(response, 200, realtimeViewFor(user, deps.statistics().snapshot(), engine, store));
  });

  http.route('GET', '/api/stats/history', async (request, response) => {
    const store = deps.store();
    const user = await signedInAgent(request, response, store);
    if (!user) return;
    const query = parseHistoryQuery(new URL(request.url ?? '/', 'http://localhost').searchParams);
    if (!query.ok) return sendJson(response, 400, { error: query.error });
    const { engine } = deps.calls().routing;
    const visible = visibleQueues(user, engine);
    const records = store.calls.startedBetween(
      user.tenantId,
      new Date(query.from).toISOString(),
      new Date(query.to).toISOString(),
      MAX_REPORT_CALLS + 1,
    );
    if (records.length > MAX_REPORT_CALLS) {
      return sendJson(response, 400, {
        error: `more than ${MAX_REPORT_CALLS} calls in the range: ask for it in shorter parts`,
      });
    }
    const queues = new Map<string, HistoryQueue>();
    for (const queue of store.queues.list(user.tenantId)) {
      const config = engine.queueConfigs().find((candidate) => candidate.id === queue.id);
      queues.set(queue.id, { name: queue.name, serviceLevelMs: config?.serviceLevel.withinMs ?? 20_000 });
    }
    const timeZone = engine.options.dayTimeZone;
    const rows = callHistoryReport(
      records.filter((record) => record.queueId !== null && visible.has(record.queueId)),
      { from: query.from, to: query.to, interval: query.interval, timeZone, queues },
    );
    if (query.format === 'csv') {
      const stamp = (at: number) => new Date(at).toISOString().slice(0, 16).replace(':', '');
      response.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="queues-${stamp(query.from)}-${stamp(query.to)}-${query.interval}.csv"`,
        'Cache-Control': 'no-store',
      });
      response.end(historyCsv(rows));
      return;
    }
    sendJson(response, 200, {
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      interval: query.interval,
      timeZone,
      rows,
    });
  });
}
