/**
 * The one call that links Teams presence to routing (issue 5): builds the Graph presence source
 * from `teams.presence`, a PresenceFeeder with the configured gate, links the tenant's agents to
 * their Teams users from the store, and sends presenceBusy / presenceFree to routing through `send`.
 *
 *   const presence = startPresenceGate({ config: config.teams.presence, store, tenantId,
 *     send: (agentId, command) => engine.agentCommand(agentId, command).ok, logger });
 *   // after engine.addAgent(...) for an agent: presence?.feeder.resend(agentId)
 *   // health page: presence?.health();  shutdown: presence?.close()
 *
 * Returns null when the gate is disabled. Never throws on a Graph outage: presence goes stale
 * and the stale policy applies; configuration problems throw at start-up.
 */
import { systemClock, type Clock } from './routing/clock.js';
import { PresenceFeeder, type PresenceCommandSink } from './routing/presence/presence-feeder.js';
import { PresenceGate } from './routing/presence/presence-gate.js';
import type { PresenceSource, PresenceSourceHealth } from './routing/presence/presence-source-types.js';
import type { TeamsPresenceConfig } from './shared/config/teams-config-schema.js';
import { moduleLogger, type Logger } from './shared/logger.js';
import type { Store } from './store/store-types.js';
import { createGraphPresenceSource } from './teams/graph/graph-presence-source.js';

export interface StartPresenceGateOptions {
  readonly config: TeamsPresenceConfig;
  readonly store: Store;
  readonly tenantId: string;
  readonly send: PresenceCommandSink;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Another source than Graph (tests); the Graph source is built from `config` otherwise. */
  readonly source?: PresenceSource;
  /** Extra CA (PEM) for Graph and the identity platform, instead of `config.caFile`. */
  readonly caPem?: string;
}

export interface PresenceGateLink {
  readonly feeder: PresenceFeeder;
  readonly source: PresenceSource;
  /** Reads the agents' Teams links from the store again (after an administrator changed them). */
  reloadAgents(): void;
  health(): PresenceSourceHealth;
  close(): void;
}

export function startPresenceGate(options: StartPresenceGateOptions): PresenceGateLink | null {
  const { config } = options;
  if (!config.enabled && !options.source) return null;
  const logger = moduleLogger(options.logger, 'presence-gate', { tenantId: options.tenantId });
  const source = options.source ?? createGraphPresenceSource(config, { caPem: options.caPem, logger });
  const feeder = new PresenceFeeder({
    source,
    gate: new PresenceGate({
      busyActivities: config.busyActivities,
      busyAvailabilities: config.busyAvailabilities,
      staleAfterMs: config.staleAfterSeconds * 1000,
      whenStale: config.whenStale,
      whenUnknown: config.whenUnknown,
    }),
    clock: options.clock ?? systemClock,
    send: options.send,
    logger,
  });
  const reloadAgents = () =>
    feeder.setAgents(
      options.store.agents
        .list(options.tenantId)
        .filter((agent) => agent.enabled)
        .map((agent) => ({ agentId: agent.id, teamsUserId: agent.teamsUserId })),
    );
  reloadAgents();
  let closed = false;
  return {
    feeder,
    source,
    reloadAgents,
    health: () => source.health(),
    close() {
      if (closed) return;
      closed = true;
      feeder.close();
      source.close();
    },
  };
}
