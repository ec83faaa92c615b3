/**
 * Wires `teams.graph` (every part off by default) into the node, beside the presence gate:
 *
 * - directory: the Teams directory, loaded at start and refreshed, behind GET /api/teams/directory;
 * - subscriptions: POST /api/teams/notifications/presence and, per tenant, a PresencePushSource
 *   (delegated token from the configured refresh token) as the presence gate's source;
 * - calendarGate: per tenant, agents whose meeting starts within the expected handle time are held
 *   back (reason MeetingSoon), merged with Teams presence by PresenceHolds;
 * - setPresence: agents on a Tandem call show Busy / InACall in Teams; the gate ignores it.
 *
 *   const graph = new TeamsGraphWiring({ config: config.teams, store: () => store, logger });
 *   graph.registerRoutes(http);                // constructor time
 *   components: [..., graph]                   // start() loads the directory; stop() ends it all
 *   graph.listening();                         // once HTTP is up: presence subscriptions may start
 *   const tenant = graph.startTenant({ tenantId, send }); ... tenant.close();
 *   const off = graph.followCalls(calls.events);
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registerTeamsDirectoryApi } from './api/teams-directory-api.js';
import type { HttpApi } from './api/http-api.js';
import { startPresenceGate, type PresenceGateLink } from './presence-gate-wiring.js';
import type { PresenceCommandSink } from './routing/presence/presence-feeder.js';
import { PresenceHolds } from './routing/presence/presence-holds.js';
import type { PresenceSource } from './routing/presence/presence-source-types.js';
import type { TeamsPresenceConfig } from './shared/config/teams-config-schema.js';
import type { TeamsGraphConfig } from './shared/config/teams-graph-config-schema.js';
import type { Component } from './shared/lifecycle.js';
import { moduleLogger, type Logger } from './shared/logger.js';
import type { Store } from './store/store-types.js';
import { CalendarGate } from './teams/calendar/calendar-gate.js';
import { createTeamsDirectory } from './teams/directory/teams-directory-factory.js';
import type { TeamsDirectory } from './teams/directory/teams-directory.js';
import { DelegatedTokenSource } from './teams/graph/delegated-token-source.js';
import { GraphApi } from './teams/graph/graph-api.js';
import { GraphPresenceClient } from './teams/graph/graph-presence-client.js';
import { GraphPresencePoller } from './teams/graph/graph-presence-poller.js';
import { GraphTokenProvider } from './teams/graph/graph-token-provider.js';
import { HttpsTransport } from './teams/graph/https-request.js';
import { NotificationCertificate } from './teams/graph/notification-crypto.js';
import { OwnPresenceMask } from './teams/graph/own-presence-mask.js';
import {
  PRESENCE_NOTIFICATION_PATH,
  PresenceNotificationEndpoint,
} from './teams/graph/presence-notification-endpoint.js';
import { PresencePushSource } from './teams/graph/presence-push-source.js';
import { TeamsPresenceWriter } from './teams/graph/teams-presence-writer.js';
import { showCallsInTeams, type CallEventSource } from './teams-presence-on-calls.js';

export interface TeamsGraphWiringOptions {
  readonly config: { readonly presence: TeamsPresenceConfig; readonly graph: TeamsGraphConfig };
  readonly store: () => Store;
  readonly logger: Logger;
}

export interface TenantGraphLink {
  readonly presence: PresenceGateLink | null;
  readonly calendar: CalendarGate | null;
  readonly holds: PresenceHolds;
  close(): void;
}

/** The app registration as one Graph client: app-only token, transport, extra CA. */
interface GraphApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly caPem: string | undefined;
  readonly transport: HttpsTransport;
  readonly api: GraphApi;
  readonly presence: GraphPresenceClient;
}

export class TeamsGraphWiring implements Component {
  readonly name = 'teams-graph';
  readonly endpoint: PresenceNotificationEndpoint | null;
  private readonly presenceConfig: TeamsPresenceConfig;
  private readonly graphConfig: TeamsGraphConfig;
  private readonly logger: Logger;
  private app: GraphApp | null = null;
  private directory: TeamsDirectory | null = null;
  private writer: TeamsPresenceWriter | null = null;
  private delegated: DelegatedTokenSource | null = null;
  private certificate: NotificationCertificate | null = null;
  private readonly masks = new Set<OwnPresenceMask>();
  private readonly clientState = randomBytes(24).toString('base64url');
  private httpListening: () => void = () => {};
  /** Resolved by `listening()`: presence subscriptions wait for it. */
  private readonly httpReady = new Promise<void>((resolve) => {
    this.httpListening = resolve;
  });

  constructor(private readonly options: TeamsGraphWiringOptions) {
    this.presenceConfig = options.config.presence;
    this.graphConfig = options.config.graph;
    this.logger = moduleLogger(options.logger, 'teams-graph');
    this.endpoint = this.graphConfig.subscriptions.enabled
      ? new PresenceNotificationEndpoint(this.logger)
      : null;
  }

  registerRoutes(http: HttpApi): void {
    registerTeamsDirectoryApi(http, { store: this.options.store, directory: () => this.directory });
    const endpoint = this.endpoint;
    if (endpoint)
      http.route('POST', PRESENCE_NOTIFICATION_PATH, (request, response) =>
        endpoint.handle(request, response),
      );
  }

  /** The HTTP listener is up (after the node started): Graph can validate our notification URL now. */
  listening(): void {
    this.httpListening();
  }

  /** Reads the app registration and certificates (configuration errors throw here), loads the directory. */
  async start(): Promise<void> {
    const { directory, subscriptions, calendarGate, setPresence } = this.graphConfig;
    if (!directory.enabled && !subscriptions.enabled && !calendarGate.enabled && !setPresence.enabled) return;
    const app = this.graphApp();
    if (subscriptions.enabled) {
      const { certificateFile, keyFile, refreshToken } = subscriptions;
      this.certificate = new NotificationCertificate(
        readConfigured(certificateFile!, 'subscriptions.certificateFile'),
        readConfigured(keyFile!, 'subscriptions.keyFile'),
        `tandem-${app.clientId}`,
      );
      this.delegated = new DelegatedTokenSource({
        ...app,
        refreshToken: refreshToken!,
        authorityHost: this.presenceConfig.authorityHost,
        logger: this.logger,
      });
    }
    if (setPresence.enabled) {
      this.writer = new TeamsPresenceWriter({
        api: app.api,
        sessionId: setPresence.sessionId ?? app.clientId,
        shown: { availability: setPresence.availability, activity: setPresence.activity },
        expirationMs: setPresence.expirationMinutes * 60_000,
        onShown: (teamsUserId, shown) => {
          for (const mask of this.masks) {
            if (shown) mask.mark(teamsUserId, shown);
            else mask.unmark(teamsUserId);
          }
        },
        logger: this.logger,
      });
    }
    if (directory.enabled) {
      this.directory = createTeamsDirectory(this.presenceConfig, directory, {
        caPem: app.caPem,
        logger: moduleLogger(this.logger, 'teams-directory'),
      });
      // The first load may fail (Graph down): the directory retries on its own and answers empty meanwhile.
      await this.directory.start();
    }
  }

  async stop(): Promise<void> {
    this.directory?.close();
    this.directory = null;
    await this.writer?.close();
    this.writer = null;
  }

  /**
   * Presence gate, push source and calendar gate of one tenant, sending the merged hold through
   * `send`. Call after start(); close() when the calls component stops.
   */
  startTenant(options: { readonly tenantId: string; readonly send: PresenceCommandSink }): TenantGraphLink {
    const holds = new PresenceHolds(options.send);
    const teamsHolder = holds.holder('teams');
    const calendarHolder = holds.holder('calendar');
    const logger = moduleLogger(this.logger, 'teams-graph', { tenantId: options.tenantId });
    const source = this.presenceConfig.enabled ? this.presenceSource(logger) : undefined;
    const presence = startPresenceGate({
      config: this.presenceConfig,
      store: this.options.store(),
      tenantId: options.tenantId,
      send: teamsHolder,
      logger: this.options.logger,
      source,
      caPem: this.app?.caPem,
    });
    const calendar = this.startCalendarGate(options.tenantId, logger, (agentId, hold) =>
      calendarHolder(
        agentId,
        hold ? { type: 'presenceBusy', activity: hold.reason } : { type: 'presenceFree' },
      ),
    );
    return {
      presence,
      calendar,
      holds,
      close: () => {
        presence?.close();
        calendar?.close();
        if (source instanceof OwnPresenceMask) this.masks.delete(source);
      },
    };
  }

  /** Shows agents on Tandem calls as Busy / InACall in Teams (teams.graph.setPresence); returns the unsubscribe. */
  followCalls(events: CallEventSource): () => void {
    const writer = this.writer;
    if (!writer) return () => {};
    return showCallsInTeams(events, writer, this.options.store);
  }

  /** The gate's source: pushed when subscriptions are on, polled otherwise; our own presence masked. */
  private presenceSource(logger: Logger): PresenceSource {
    const app = this.graphApp();
    const poller = new GraphPresencePoller({
      fetcher: app.presence,
      intervalMs: this.presenceConfig.intervalSeconds * 1000,
      logger,
    });
    let source: PresenceSource = poller;
    const { subscriptions } = this.graphConfig;
    if (this.endpoint && this.delegated && this.certificate) {
      const push = new PresencePushSource({
        subscriptionApi: new GraphApi({
          tokens: this.delegated,
          transport: app.transport,
          baseUrl: this.presenceConfig.graphBaseUrl,
        }),
        fetcher: app.presence,
        poller,
        certificate: this.certificate,
        notificationUrl: subscriptions.notificationUrl!,
        clientState: this.clientState,
        expirationMs: subscriptions.expirationMinutes * 60_000,
        renewBeforeMs: subscriptions.renewBeforeMinutes * 60_000,
        ready: this.httpReady,
        logger,
      });
      const remove = this.endpoint.add(push);
      const close = push.close.bind(push);
      push.close = () => {
        remove();
        close();
      };
      source = push;
    }
    if (!this.writer) return source;
    const mask = new OwnPresenceMask(source);
    this.masks.add(mask);
    return mask;
  }

  private startCalendarGate(
    tenantId: string,
    logger: Logger,
    send: ConstructorParameters<typeof CalendarGate>[0]['send'],
  ): CalendarGate | null {
    const config = this.graphConfig.calendarGate;
    if (!config.enabled) return null;
    const gate = new CalendarGate({
      api: this.graphApp().api,
      expectedHandleMs: config.expectedHandleSeconds * 1000,
      refreshMs: config.refreshSeconds * 1000,
      send,
      logger,
    });
    const links = this.options
      .store()
      .agents.list(tenantId)
      .filter((agent) => agent.enabled)
      .map((agent) => ({ agentId: agent.id, teamsUserId: agent.teamsUserId }));
    void gate.setAgents(links);
    return gate;
  }

  private graphApp(): GraphApp {
    if (this.app) return this.app;
    const { tenantId, clientId, clientSecret, caFile } = this.presenceConfig;
    if (!tenantId || !clientId || !clientSecret) {
      throw new TypeError(
        'teams.graph needs the app registration of teams.presence: tenantId, clientId, clientSecret',
      );
    }
    const caPem = caFile ? readConfigured(caFile, 'presence.caFile') : undefined;
    const transport = new HttpsTransport(caPem);
    const tokens = new GraphTokenProvider({
      tenantId,
      clientId,
      clientSecret,
      authorityHost: this.presenceConfig.authorityHost,
      caPem,
      logger: this.logger,
    });
    const baseUrl = this.presenceConfig.graphBaseUrl;
    this.app = {
      tenantId,
      clientId,
      clientSecret,
      caPem,
      transport,
      api: new GraphApi({ tokens, transport, baseUrl }),
      presence: new GraphPresenceClient({ tokens, transport, baseUrl }),
    };
    return this.app;
  }
}

function readConfigured(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new TypeError(`teams.${name} ${path} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
