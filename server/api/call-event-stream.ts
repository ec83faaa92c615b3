/**
 * `GET /api/events` (WebSocket): the live call events of one agent (its ringing, answered, held and
 * ended calls), or of every call for a supervisor. A browser cannot put credentials in a WebSocket
 * handshake, so the first message authenticates:
 *
 *   -> {"type":"auth","username":"alice","password":"demo"}
 *   <- {"type":"ready","agent":{"id":"...","username":"alice","role":"agent"}}
 *   <- {"type":"call","event":{"type":"ringing","callId":"...","agentId":"...",...}}
 *
 * A wrong password, a malformed message or no authentication within 5 s closes the socket (4401,
 * 4400, 4408); each connection is bounded (messages of 4 KiB at most, one authentication attempt).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { AgentCallEvent, CallsService } from '../calls/calls-service.js';
import type { AgentChange } from '../routing/index.js';
import type { QueueStatistics } from '../routing/stats/index.js';
import { agentWithPassword } from './agent-auth.js';
import { realtimeViewFor } from './stats-api.js';
import type { Logger } from '../shared/logger.js';
import type { Agent, Store } from '../store/store-types.js';

const AUTH_TIMEOUT_MS = 5_000;
const MAX_MESSAGE_BYTES = 4_096;

export interface CallEventStreamOptions {
  readonly calls: CallsService;
  readonly store: Store;
  readonly logger: Logger;
  /** Queue and agent figures, pushed as `{"type":"stats",...}` at most once a second while they change. */
  readonly statistics?: QueueStatistics;
}

/** How often statistics go out at most, and at least (waits and times in state grow on their own). */
const STATS_MIN_INTERVAL_MS = 1_000;
const STATS_MAX_INTERVAL_MS = 5_000;

export class CallEventStream {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly subscribers = new Map<WebSocket, Agent>();
  private readonly unsubscribe: () => void;
  private readonly statsTicker: NodeJS.Timeout | null;
  private statsTimer: NodeJS.Timeout | null = null;
  private lastStatsAt = 0;
  private closed = false;

  constructor(private readonly options: CallEventStreamOptions) {
    const offCalls = options.calls.events.on('call', (event) => this.publish(event));
    const offAgents = options.calls.routing.engine.events.on('agentChanged', (change) =>
      this.publishAgent(change),
    );
    const offStats = options.statistics?.events.on('changed', () => this.statsChanged());
    this.statsTicker = options.statistics
      ? setInterval(() => this.publishStats(), STATS_MAX_INTERVAL_MS)
      : null;
    this.statsTicker?.unref();
    this.unsubscribe = () => {
      offCalls();
      offAgents();
      offStats?.();
      if (this.statsTicker) clearInterval(this.statsTicker);
      if (this.statsTimer) clearTimeout(this.statsTimer);
    };
  }

  /** Figures changed: send them now, or when the last push is a second old. */
  private statsChanged(): void {
    if (this.statsTimer) return;
    const wait = Math.max(0, this.lastStatsAt + STATS_MIN_INTERVAL_MS - Date.now());
    this.statsTimer = setTimeout(() => {
      this.statsTimer = null;
      this.publishStats();
    }, wait);
    this.statsTimer.unref();
  }

  private publishStats(): void {
    const statistics = this.options.statistics;
    if (!statistics || this.subscribers.size === 0) return;
    this.lastStatsAt = Date.now();
    const snapshot = statistics.snapshot();
    const engine = this.options.calls.routing.engine;
    for (const [ws, agent] of this.subscribers) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const view = realtimeViewFor(agent, snapshot, engine, this.options.store);
      ws.send(JSON.stringify({ type: 'stats', ...view }));
    }
  }

  get connections(): number {
    return this.server.clients.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const ws of this.server.clients) ws.close(1001, 'server stopping');
    this.server.close();
  }

  private accept(ws: WebSocket): void {
    const timer = setTimeout(() => ws.close(4408, 'authenticate first'), AUTH_TIMEOUT_MS);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(timer);
      this.subscribers.delete(ws);
    });
    ws.once('message', (data: RawData) => {
      clearTimeout(timer);
      void this.authenticate(ws, data);
    });
  }

  private async authenticate(ws: WebSocket, data: RawData): Promise<void> {
    const credentials = parseAuth(data);
    if (!credentials) {
      ws.close(4400, 'expected {"type":"auth","username","password"}');
      return;
    }
    const agent = await this.verify(credentials.username, credentials.password);
    if (!agent) {
      this.options.logger.info({ username: credentials.username }, 'event stream: authentication failed');
      ws.close(4401, 'wrong username or password');
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    this.subscribers.set(ws, agent);
    ws.on('message', () => ws.close(4400, 'nothing more to say'));
    ws.send(
      JSON.stringify({ type: 'ready', agent: { id: agent.id, username: agent.username, role: agent.role } }),
    );
  }

  /** The agent's own password, or the one issued at Microsoft sign-in. */
  private verify(username: string, password: string): Promise<Agent | null> {
    return agentWithPassword(this.options.store, username, password);
  }

  /** An agent's ACD state changed: to that agent and to supervisors (the state bar, the wallboard). */
  private publishAgent(change: AgentChange): void {
    const { to } = change;
    const text = JSON.stringify({
      type: 'agent',
      agentId: change.agentId,
      state: to.state,
      since: new Date(to.since).toISOString(),
      notReadyReason: to.notReadyReason,
      wrapUpEndsAt: to.wrapUpEndsAt ? new Date(to.wrapUpEndsAt).toISOString() : null,
      presence: to.presence,
    });
    for (const [ws, agent] of this.subscribers) {
      const concerned = agent.role !== 'agent' || agent.id === change.agentId;
      if (concerned && ws.readyState === WebSocket.OPEN) ws.send(text);
    }
  }

  private publish(event: AgentCallEvent): void {
    const { agentIds, ...callEvent } = event;
    const text = JSON.stringify({ type: 'call', event: callEvent });
    for (const [ws, agent] of this.subscribers) {
      const concerned = agent.role !== 'agent' || agentIds.includes(agent.id);
      if (concerned && ws.readyState === WebSocket.OPEN) ws.send(text);
    }
  }
}

function parseAuth(data: RawData): { username: string; password: string } | null {
  try {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    if (
      message.type !== 'auth' ||
      typeof message.username !== 'string' ||
      typeof message.password !== 'string'
    ) {
      return null;
    }
    return { username: message.username, password: message.password };
  } catch {
    return null;
  }
}
