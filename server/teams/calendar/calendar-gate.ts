/**
 * The calendar-aware gate (teams.graph.calendarGate, application Calendars.Read): reads each linked
 * agent's calendarView for the next window, keeps it, reads it again every `refreshMs`, and tells
 * routing through `send` when an agent must not be offered calls because a meeting starts within the
 * expected handle time of a call (reason `MeetingSoon`), and when that is over.
 *
 * Per agent, what was last sent:
 * ```
 *   [ free ] --meeting start - expectedHandle reached--> [ held: MeetingSoon ]
 *      ^                                                        |
 *      +------------- the meeting starts, is moved or cancelled -+
 * ```
 * A timer per agent flips the state at the exact moment (no polling for that); a refresh that fails
 * keeps the meetings already known (they are still the best knowledge) and is tried again at the next
 * refresh. A refused `send` (routing does not know the agent yet) is tried again at the next change
 * or refresh. Nothing here can block routing: Graph being slow only delays what we learn.
 */
import type { Logger } from '../../shared/logger.js';
import type { GraphApi } from '../graph/graph-api.js';
import { CALENDAR_VIEW_FIELDS, meetingHold, meetingsOf, type UpcomingMeeting } from './upcoming-meetings.js';

export const MEETING_SOON = 'MeetingSoon';

/** `hold` null: free; otherwise why the agent is held. Returns false when routing refused it. */
export type CalendarHoldSink = (agentId: string, hold: { readonly reason: string } | null) => boolean | void;

export interface CalendarGateOptions {
  /** Graph with an app-only token holding Calendars.Read. */
  readonly api: Pick<GraphApi, 'get'>;
  readonly expectedHandleMs: number;
  readonly refreshMs: number;
  readonly send: CalendarHoldSink;
  /** Calendars read at the same time at most. Default 4. */
  readonly concurrency?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export interface CalendarAgentLink {
  readonly agentId: string;
  readonly teamsUserId: string | null;
}

interface AgentCalendar {
  readonly agentId: string;
  readonly teamsUserId: string;
  meetings: readonly UpcomingMeeting[];
  loadedAt: number | null;
  failing: boolean;
  /** What routing last accepted: null free, else the reason; undefined: unknown, send again. */
  delivered: string | null | undefined;
  timer: NodeJS.Timeout | null;
}

/** setTimeout's longest delay; a later change is re-planned at the next refresh anyway. */
const MAX_TIMER_MS = 2_147_483_647;

export class CalendarGate {
  private readonly agents = new Map<string, AgentCalendar>();
  private readonly now: () => number;
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: CalendarGateOptions) {
    if (!(options.expectedHandleMs > 0)) throw new TypeError('expectedHandleMs must be positive');
    if (!(options.refreshMs > 0)) throw new TypeError('refreshMs must be positive');
    this.now = options.now ?? Date.now;
  }

  /** Replaces every link (start-up, reload from the store) and reads the new agents' calendars. */
  setAgents(links: readonly CalendarAgentLink[]): Promise<void> {
    const wanted = new Map(
      links
        .filter((link) => link.teamsUserId !== null && link.teamsUserId.trim() !== '')
        .map((link) => [link.agentId, link.teamsUserId!.trim()]),
    );
    for (const [agentId, agent] of this.agents) {
      if (wanted.get(agentId) !== agent.teamsUserId) this.forget(agent);
    }
    for (const [agentId, teamsUserId] of wanted) {
      if (this.agents.has(agentId)) continue;
      this.agents.set(agentId, {
        agentId,
        teamsUserId,
        meetings: [],
        loadedAt: null,
        failing: false,
        // Routing starts every agent as free.
        delivered: null,
        timer: null,
      });
    }
    return this.refresh();
  }

  /** Reads every linked agent's calendar now (one refresh at a time) and plans the next one. */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.refreshing ??= this.refreshAll().finally(() => {
      this.refreshing = null;
      this.scheduleRefresh();
    });
    return this.refreshing;
  }

  /** Why the agent is held now, or null; and the meetings known (tests, health page). */
  view(agentId: string): {
    held: string | null;
    meetings: readonly UpcomingMeeting[];
    loadedAt: number | null;
  } {
    const agent = this.agents.get(agentId);
    if (!agent) return { held: null, meetings: [], loadedAt: null };
    const hold = meetingHold(agent.meetings, this.now(), this.options.expectedHandleMs);
    return { held: hold.held ? MEETING_SOON : null, meetings: agent.meetings, loadedAt: agent.loadedAt };
  }

  /** Sends the agent's hold again (routing re-added the agent). */
  resend(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    agent.delivered = undefined;
    this.evaluate(agent);
  }

  /** Stops reading and cancels every timer; idempotent. Agents held are freed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    for (const agent of [...this.agents.values()]) this.forget(agent);
  }

  private forget(agent: AgentCalendar): void {
    if (agent.timer) clearTimeout(agent.timer);
    agent.timer = null;
    this.agents.delete(agent.agentId);
    if (agent.delivered) this.deliver(agent, null);
  }

  private async refreshAll(): Promise<void> {
    const queue = [...this.agents.values()];
    const workers = Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, async () => {
      for (let agent = queue.shift(); agent && !this.closed; agent = queue.shift()) await this.load(agent);
    });
    await Promise.all(workers);
  }

  private async load(agent: AgentCalendar): Promise<void> {
    const from = this.now();
    // Every meeting that can come within the expected handle time before the next refresh.
    const to = from + this.options.refreshMs + this.options.expectedHandleMs + 60_000;
    const path =
      `/users/${encodeURIComponent(agent.teamsUserId)}/calendarView` +
      `?startDateTime=${iso(from)}&endDateTime=${iso(to)}` +
      `&$select=${CALENDAR_VIEW_FIELDS}&$orderby=start/dateTime&$top=100`;
    try {
      const meetings = meetingsOf(await this.options.api.get(path));
      if (this.closed || this.agents.get(agent.agentId) !== agent) return;
      agent.meetings = meetings;
      agent.loadedAt = this.now();
      if (agent.failing) this.options.logger?.info({ agentId: agent.agentId }, 'calendar read again');
      agent.failing = false;
    } catch (error) {
      if (this.closed || this.agents.get(agent.agentId) !== agent) return;
      // Logged once per outage; the meetings known so far stay in force.
      if (!agent.failing) {
        this.options.logger?.warn(
          { agentId: agent.agentId, err: (error as Error)?.message ?? String(error) },
          'calendar not read: the meetings known so far still apply',
        );
      }
      agent.failing = true;
    }
    this.evaluate(agent);
  }

  private evaluate(agent: AgentCalendar): void {
    if (this.closed || this.agents.get(agent.agentId) !== agent) return;
    const now = this.now();
    const hold = meetingHold(agent.meetings, now, this.options.expectedHandleMs);
    const wanted = hold.held ? MEETING_SOON : null;
    if (wanted !== agent.delivered) this.deliver(agent, wanted);
    if (agent.timer) clearTimeout(agent.timer);
    agent.timer = null;
    const next = hold.held ? hold.until : hold.from;
    if (next === null) return;
    agent.timer = setTimeout(
      () => {
        agent.timer = null;
        this.evaluate(agent);
      },
      Math.min(MAX_TIMER_MS, Math.max(0, next - now)),
    );
    agent.timer.unref();
  }

  private deliver(agent: AgentCalendar, reason: string | null): void {
    try {
      const accepted = this.options.send(agent.agentId, reason === null ? null : { reason }) !== false;
      agent.delivered = accepted ? reason : undefined;
      if (accepted) {
        this.options.logger?.info(
          { agentId: agent.agentId, held: reason },
          reason ? 'meeting soon: no calls offered' : 'no meeting soon: calls offered again',
        );
      }
    } catch (error) {
      agent.delivered = undefined;
      this.options.logger?.warn({ agentId: agent.agentId, err: error }, 'calendar hold not delivered');
    }
  }

  private scheduleRefresh(): void {
    if (this.closed) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, this.options.refreshMs);
    this.refreshTimer.unref();
  }
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}
