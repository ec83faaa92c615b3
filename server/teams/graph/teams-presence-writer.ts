/**
 * While an agent is on a Tandem call, Teams shows them Busy / InACall, so that colleagues in Teams
 * see it: `POST /users/{id}/presence/setPresence` with our application's session id (app-only,
 * Presence.ReadWrite.All), renewed before the session expires on a long call, and
 * `POST /users/{id}/presence/clearPresence` after the call.
 *
 * Per agent:
 * ```
 *   [ cleared ] --callStarted--> [ shown ] --renewal due--> [ shown ]
 *        ^                           |
 *        +------- callEnded ---------+   (a failed request is logged and tried again, at most
 *                                          3 times with back-off; a call never waits for it)
 * ```
 * Requests for one agent go one at a time, in order, so a quick call cannot leave a stale Busy.
 */
import type { Logger } from '../../shared/logger.js';
import type { GraphApi } from './graph-api.js';
import type { OwnPresence } from './own-presence-mask.js';
import { retryDelayMs } from './retry-delay.js';

export interface TeamsPresenceWriterOptions {
  /** Graph with an app-only token holding Presence.ReadWrite.All. */
  readonly api: Pick<GraphApi, 'get' | 'post'>;
  /** Our application's presence session id (the app registration's client id). */
  readonly sessionId: string;
  readonly shown: OwnPresence;
  /** Lifetime of what we set (Graph: 5 to 240 minutes); renewed at 80 % of it. */
  readonly expirationMs: number;
  /** Told when we start and stop showing something for a Teams user (the gate ignores it). */
  readonly onShown?: (teamsUserId: string, shown: OwnPresence | null) => void;
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  readonly random?: () => number;
  readonly logger?: Logger;
}

interface AgentPresence {
  readonly agentId: string;
  readonly teamsUserId: string;
  onCall: boolean;
  /** Whether Teams may show what we set (a set was sent, no clear since). */
  shown: boolean;
  renewDue: boolean;
  running: boolean;
  again: boolean;
  failures: number;
  timer: NodeJS.Timeout | null;
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ATTEMPTS = 3;

export class TeamsPresenceWriter {
  private readonly agents = new Map<string, AgentPresence>();
  private readonly objectIds = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: TeamsPresenceWriterOptions) {
    if (options.sessionId.trim() === '') throw new TypeError('setPresence needs a session id');
    if (!(options.expirationMs >= 5 * 60_000 && options.expirationMs <= 240 * 60_000)) {
      throw new TypeError('the presence session expiration must be 5 to 240 minutes');
    }
  }

  /** The agent is on a Tandem call (idempotent). */
  callStarted(agentId: string, teamsUserId: string): void {
    if (this.closed) return;
    let agent = this.agents.get(agentId);
    if (agent && agent.teamsUserId !== teamsUserId) {
      agent.onCall = false;
      this.sync(agent);
      agent = undefined;
    }
    if (!agent) {
      agent = {
        agentId,
        teamsUserId,
        onCall: false,
        shown: false,
        renewDue: false,
        running: false,
        again: false,
        failures: 0,
        timer: null,
      };
      this.agents.set(agentId, agent);
    }
    if (agent.onCall) return;
    agent.onCall = true;
    agent.failures = 0;
    this.sync(agent);
  }

  /** The agent's last Tandem call ended (idempotent). */
  callEnded(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent || !agent.onCall) return;
    agent.onCall = false;
    agent.failures = 0;
    this.sync(agent);
  }

  /** Whether Teams may show our presence for the agent now (tests, health). */
  isShown(agentId: string): boolean {
    return this.agents.get(agentId)?.shown ?? false;
  }

  /** Clears what we show for everyone (best effort) and stops; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    const clearing = [...this.agents.values()].filter((agent) => agent.shown || agent.onCall);
    for (const agent of this.agents.values()) {
      if (agent.timer) clearTimeout(agent.timer);
      agent.timer = null;
    }
    this.closed = true;
    await Promise.allSettled(clearing.map((agent) => this.clear(agent)));
  }

  private sync(agent: AgentPresence): void {
    if (agent.running) {
      agent.again = true;
      return;
    }
    agent.running = true;
    void this.run(agent).finally(() => {
      agent.running = false;
    });
  }

  private async run(agent: AgentPresence): Promise<void> {
    do {
      agent.again = false;
      if (this.closed) return;
      const setting = agent.onCall;
      if (setting === agent.shown && !(setting && agent.renewDue)) continue;
      if (agent.timer) clearTimeout(agent.timer);
      agent.timer = null;
      try {
        if (setting) await this.set(agent);
        else await this.clear(agent);
        agent.failures = 0;
        if (setting) this.planRenewal(agent);
      } catch (error) {
        agent.failures++;
        const giveUp = agent.failures >= MAX_ATTEMPTS;
        this.options.logger?.warn(
          {
            agentId: agent.agentId,
            err: (error as Error)?.message ?? String(error),
            attempt: agent.failures,
          },
          setting
            ? `Teams presence not set${giveUp ? '' : ': trying again'}`
            : `Teams presence not cleared${giveUp ? '' : ': trying again'}`,
        );
        if (!giveUp) this.retryLater(agent);
        else if (setting) this.planRenewal(agent);
      }
    } while (agent.again);
  }

  private async set(agent: AgentPresence): Promise<void> {
    agent.renewDue = false;
    const objectId = await this.objectIdOf(agent.teamsUserId);
    // Sent: from here on Teams may show it, even if the answer is lost.
    agent.shown = true;
    this.options.onShown?.(agent.teamsUserId, this.options.shown);
    await this.options.api.post(`/users/${encodeURIComponent(objectId)}/presence/setPresence`, {
      sessionId: this.options.sessionId,
      availability: this.options.shown.availability,
      activity: this.options.shown.activity,
      expirationDuration: `PT${Math.round(this.options.expirationMs / 60_000)}M`,
    });
  }

  private async clear(agent: AgentPresence): Promise<void> {
    const objectId = await this.objectIdOf(agent.teamsUserId);
    await this.options.api.post(`/users/${encodeURIComponent(objectId)}/presence/clearPresence`, {
      sessionId: this.options.sessionId,
    });
    agent.shown = false;
    this.options.onShown?.(agent.teamsUserId, null);
  }

  private planRenewal(agent: AgentPresence): void {
    if (this.closed || !agent.onCall) return;
    agent.timer = setTimeout(() => {
      agent.timer = null;
      agent.renewDue = true;
      agent.failures = 0;
      this.sync(agent);
    }, this.options.expirationMs * 0.8);
    agent.timer.unref();
  }

  private retryLater(agent: AgentPresence): void {
    const delay = retryDelayMs(
      agent.failures,
      null,
      this.options.retry ?? { initialMs: 2_000, maxMs: 30_000 },
      this.options.random,
    );
    agent.timer = setTimeout(() => {
      agent.timer = null;
      if (agent.onCall) agent.renewDue = true;
      this.sync(agent);
    }, delay);
    agent.timer.unref();
  }

  /** setPresence wants the object id; a UPN is looked up once (GET /users/{upn}). */
  private async objectIdOf(teamsUserId: string): Promise<string> {
    if (OBJECT_ID.test(teamsUserId)) return teamsUserId;
    const known = this.objectIds.get(teamsUserId.toLowerCase());
    if (known) return known;
    const user = (await this.options.api.get(`/users/${encodeURIComponent(teamsUserId)}?$select=id`)) as {
      id?: unknown;
    } | null;
    if (typeof user?.id !== 'string') throw new Error(`Graph knows no id for ${teamsUserId}`);
    this.objectIds.set(teamsUserId.toLowerCase(), user.id);
    return user.id;
  }
}
