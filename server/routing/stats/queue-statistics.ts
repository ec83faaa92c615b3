/**
 * Real-time contact-center statistics: today's figures per queue and per agent, counted from the
 * routing engine's events, plus the live picture (callers waiting, longest wait, agents by state)
 * read from the engine when a snapshot is taken. "Today" starts at local midnight in the engine's
 * `dayTimeZone`; the counts start again from zero on the first event or snapshot of a new day.
 *
 * Figures are defined in queue-tally.ts. Handle time is measured from the agent's state changes:
 * from the answer (the agent's call `answeredAt`) to the end of the wrap-up that follows it, or to
 * the end of the call when there is no wrap-up; talk time is the part before wrap-up. A call is
 * counted as handled, for its queue and its agent, on the day its handling ends.
 */
import type { Logger } from '../../shared/logger.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { AgentChange } from '../agents/agent-machine-types.js';
import { AGENT_STATES, AgentState } from '../agents/agent-state.js';
import type { Clock } from '../clock.js';
import type { RoutingEngine } from '../routing-engine.js';
import type { CallAnswered, CallLeftReason, QueueExitReason } from '../routing-engine-types.js';
import { localTime } from '../time-zone.js';
import type {
  AgentsByState,
  AgentStatisticsView,
  QueueStatisticsEvents,
  QueueStatisticsView,
  StatisticsSnapshot,
} from './queue-statistics-types.js';
import { emptyTally, queueFigures, type QueueFigures, type QueueTally } from './queue-tally.js';

/** What statistics read of the engine. */
export type StatisticsEngine = Pick<
  RoutingEngine,
  'events' | 'options' | 'queueConfigs' | 'agentProfiles' | 'queueSnapshot' | 'agentStatus' | 'agentQueues'
>;

export interface QueueStatisticsInit {
  readonly engine: StatisticsEngine;
  /** The engine's clock. */
  readonly clock: Clock;
  readonly logger?: Logger;
}

interface AgentToday {
  callsHandled: number;
  talkTimeMs: number;
  handleTimeMs: number;
}

/** Why a caller's wait in one queue ended, other than an answer or hanging up: the queue let them go. */
const EXIT_REASONS: ReadonlySet<CallLeftReason | QueueExitReason> = new Set([
  'exit',
  'max-wait',
  'max-length',
  'closed',
]);

export class QueueStatistics {
  readonly events: TypedEmitter<QueueStatisticsEvents>;
  private readonly engine: StatisticsEngine;
  private readonly clock: Clock;
  private day: string;
  private readonly queues = new Map<string, QueueTally>();
  private readonly agents = new Map<string, AgentToday>();
  /** When each caller joined each queue ("callId queueId"), to know how long an abandoned caller waited. */
  private readonly joinedAt = new Map<string, number>();
  private readonly unsubscribe: (() => void)[];

  constructor(init: QueueStatisticsInit) {
    this.engine = init.engine;
    this.clock = init.clock;
    this.events = new TypedEmitter<QueueStatisticsEvents>(init.logger);
    this.day = this.localDate(this.clock.now());
    const { events } = this.engine;
    this.unsubscribe = [
      events.on('callQueued', ({ callId, queueId }) =>
        this.count(() => {
          this.joinedAt.set(waitKey(callId, queueId), this.clock.now());
          this.tally(queueId).offered++;
        }),
      ),
      events.on('callAnswered', (answered) => this.count(() => this.answered(answered))),
      events.on('callDequeued', ({ callId, queueId, reason }) =>
        this.count(() => this.dequeued(callId, queueId, reason)),
      ),
      events.on('agentChanged', (change) => this.count(() => this.agentChanged(change))),
    ];
  }

  /** Everything a wallboard shows, as of now. */
  snapshot(): StatisticsSnapshot {
    const now = this.clock.now();
    this.rollDay(now);
    const agentsByQueue = new Map<string, AgentsByState>();
    const agents: AgentStatisticsView[] = [];
    for (const profile of this.engine.agentProfiles()) {
      const status = this.engine.agentStatus(profile.agentId);
      if (!status) continue;
      const queues = this.engine.agentQueues(profile.agentId);
      for (const queueId of queues) {
        let counts = agentsByQueue.get(queueId);
        if (!counts) agentsByQueue.set(queueId, (counts = noAgents()));
        counts[status.state]++;
      }
      const today = this.agents.get(profile.agentId);
      agents.push({
        agentId: profile.agentId,
        tenantId: profile.tenantId,
        state: status.state,
        notReadyReason: status.notReadyReason,
        since: new Date(status.since).toISOString(),
        timeInStateMs: Math.max(0, now - status.since),
        queues,
        today: {
          callsHandled: today?.callsHandled ?? 0,
          talkTimeMs: today?.talkTimeMs ?? 0,
          handleTimeMs: today?.handleTimeMs ?? 0,
        },
      });
    }
    const queues: QueueStatisticsView[] = this.engine.queueConfigs().map((config) => {
      const live = this.engine.queueSnapshot(config.id);
      return {
        queueId: config.id,
        tenantId: config.tenantId,
        name: config.name,
        serviceLevelTarget: { percent: config.serviceLevel.percent, withinMs: config.serviceLevel.withinMs },
        waiting: live?.waiting ?? 0,
        longestWaitMs: live?.longestWaitMs ?? 0,
        agents: agentsByQueue.get(config.id) ?? noAgents(),
        today: queueFigures(this.queues.get(config.id) ?? emptyTally()),
      };
    });
    return {
      at: new Date(now).toISOString(),
      day: this.day,
      timeZone: this.engine.options.dayTimeZone,
      queues: queues.sort((a, b) => compare(a.queueId, b.queueId)),
      agents: agents.sort((a, b) => compare(a.agentId, b.agentId)),
    };
  }

  /** One queue's figures since local midnight (without building the whole snapshot). */
  queueToday(queueId: string): QueueFigures {
    this.rollDay(this.clock.now());
    return queueFigures(this.queues.get(queueId) ?? emptyTally());
  }

  /** Stops listening to the engine. Idempotent. */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  // ---- counting ----------------------------------------------------------------------------------

  private count(work: () => void): void {
    this.rollDay(this.clock.now());
    work();
    this.events.emit('changed');
  }

  private answered({ queueId, waitedMs, withinServiceLevel }: CallAnswered): void {
    const tally = this.tally(queueId);
    tally.answered++;
    tally.answerWaitMs += Math.max(0, waitedMs);
    if (withinServiceLevel) tally.answeredWithinServiceLevel++;
  }

  private dequeued(callId: string, queueId: string, reason: CallLeftReason | QueueExitReason): void {
    const key = waitKey(callId, queueId);
    const joinedAt = this.joinedAt.get(key);
    this.joinedAt.delete(key);
    if (reason === 'abandoned') {
      const tally = this.tally(queueId);
      tally.abandoned++;
      const waitedMs = joinedAt === undefined ? Infinity : this.clock.now() - joinedAt;
      if (waitedMs <= this.serviceLevelMs(queueId)) tally.abandonedWithinServiceLevel++;
    } else if (EXIT_REASONS.has(reason)) {
      this.tally(queueId).exited++;
    }
  }

  /**
   * Handling ends when the agent leaves wrap-up, or leaves the call for anything but wrap-up (no
   * wrap-up configured, connection lost, a supervisor's force).
   */
  private agentChanged({ agentId, from, to, at }: AgentChange): void {
    const call = from.call;
    if (!call) return;
    const leftCall = from.state === AgentState.OnCall && to.state !== AgentState.OnCall;
    const leftWrapUp = from.state === AgentState.WrapUp && to.state !== AgentState.WrapUp;
    if (!(leftCall && to.state !== AgentState.WrapUp) && !leftWrapUp) return;
    const talkEndedAt = leftWrapUp ? from.since : at;
    const talkMs = Math.max(0, talkEndedAt - call.answeredAt);
    const wrapUpMs = Math.max(0, at - talkEndedAt);
    const tally = this.tally(call.queueId);
    tally.handled++;
    tally.talkMs += talkMs;
    tally.handleMs += talkMs + wrapUpMs;
    let today = this.agents.get(agentId);
    if (!today) this.agents.set(agentId, (today = { callsHandled: 0, talkTimeMs: 0, handleTimeMs: 0 }));
    today.callsHandled++;
    today.talkTimeMs += talkMs;
    today.handleTimeMs += talkMs + wrapUpMs;
    this.events.emit('callHandled', {
      callId: call.callId,
      queueId: call.queueId,
      agentId,
      talkMs,
      wrapUpMs,
      at,
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private rollDay(now: number): void {
    const day = this.localDate(now);
    if (day === this.day) return;
    this.day = day;
    this.queues.clear();
    this.agents.clear();
  }

  private localDate(at: number): string {
    return localTime(this.engine.options.dayTimeZone, at).date;
  }

  private tally(queueId: string): QueueTally {
    let tally = this.queues.get(queueId);
    if (!tally) this.queues.set(queueId, (tally = emptyTally()));
    return tally;
  }

  private serviceLevelMs(queueId: string): number {
    return this.engine.queueConfigs().find((config) => config.id === queueId)?.serviceLevel.withinMs ?? 0;
  }
}

function waitKey(callId: string, queueId: string): string {
  return `${callId}\u0000${queueId}`;
}

export function noAgents(): AgentsByState {
  return Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as AgentsByState;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
