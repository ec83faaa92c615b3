/**
 * The composition root of one Tandem node: builds every component from the configuration, wires
 * them together and starts them in order (database, certificates, HTTP; SIP and media join as their
 * issues land). Only this file and main.ts may import from every layer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthRegistry } from './api/health-registry.js';
import { HttpApi } from './api/http-api.js';
import type { TandemConfig } from './shared/config/config-schema.js';
import { ComponentGroup, type Component } from './shared/lifecycle.js';
import { moduleLogger, type Logger } from './shared/logger.js';
import { createMetricsRegistry, type MetricsRegistry } from './shared/metrics.js';
import { ensureLocalCertificate, type CertificateFiles } from './shared/tls/local-certificate.js';
import { TANDEM_VERSION } from './shared/version.js';
import { registerCallActions } from './api/call-actions.js';
import { registerAgentStateApi } from './api/agent-state-api.js';
import { registerDeskDirectoryApi } from './api/desk-directory-api.js';
import { registerStatsApi } from './api/stats-api.js';
import { registerHistoryApi } from './api/history-api.js';
import { registerRecordingApi } from './api/recording-api.js';
import { registerCallQualityApi } from './api/call-quality-api.js';
import { callQualityOf } from './store/sqlite/sqlite-call-quality-repository.js';
import { callHistoryOf } from './store/sqlite/sqlite-call-history-repository.js';
import { registerClientConfigApi } from './api/client-config-api.js';
import { registerMicrosoftSignIn } from './microsoft-sign-in-wiring.js';
import type { QueueStatistics } from './routing/stats/index.js';
import { CallEventStream } from './api/call-event-stream.js';
import { CallsService } from './calls/calls-service.js';
import { DirectRoutingTrunk } from './trunks/direct-routing/direct-routing-trunk.js';
import { exportDirectRoutingMetrics } from './teams/direct-routing/direct-routing-metrics.js';
import { takeTeamsCalls, teamsTrunkLink } from './direct-routing-calls.js';
import { TeamsGraphWiring, type TenantGraphLink } from './teams-graph-wiring.js';
import type { MediaPlane } from './sfu/media-plane.js';
import { createMediaPlane } from './sfu/media-plane-factory.js';
import { SipStack } from './sip/sip-stack.js';
import type { ListenerOptions } from './sip/transport/transport-types.js';
import { seedDemoTenant } from './store/seed-demo-tenant.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';

export class TandemApp {
  readonly health: HealthRegistry;
  readonly metrics: MetricsRegistry;
  readonly http: HttpApi;
  readonly media: MediaPlane;
  private readonly components: ComponentGroup;
  private store: SqliteStore | null = null;
  private sipStack: SipStack | null = null;
  private callsService: CallsService | null = null;
  private directRouting: DirectRoutingTrunk | null = null;
  private statistics: QueueStatistics | null = null;
  private certificate: CertificateFiles | null = null;
  private readonly dataDir: string;
  /** Microsoft Graph beyond polled presence (teams.graph): directory, push, calendar, setPresence. */
  private readonly teamsGraph: TeamsGraphWiring;

  constructor(
    readonly config: TandemConfig,
    private readonly logger: Logger,
  ) {
    this.dataDir = resolve(config.dataDir);
    this.health = new HealthRegistry({ node: config.node.name, version: TANDEM_VERSION });
    this.metrics = createMetricsRegistry({ node: config.node.name, version: TANDEM_VERSION });
    this.health.exportTo(this.metrics);
    this.components = new ComponentGroup(moduleLogger(logger, 'lifecycle'));
    const media = { dataDir: this.dataDir, logger: moduleLogger(logger, 'media'), metrics: this.metrics };
    this.media = createMediaPlane(config.media, media);
    this.health.register('media', () => this.media.health());
    const http = new HttpApi({
      host: config.http.host,
      port: config.http.port,
      webRoot: resolveWebRoot(config.http.webRoot),
      health: this.health,
      metrics: this.metrics,
      logger: moduleLogger(logger, 'http'),
    });
    registerCallActions(http, { calls: () => this.calls, store: () => this.database });
    registerAgentStateApi(http, { calls: () => this.calls, store: () => this.database });
    registerDeskDirectoryApi(http, { calls: () => this.calls, store: () => this.database });
    registerClientConfigApi(http, () => ({
      sipDomain: config.sip.domains[0]!,
      sipWebSocket: {
        ws: config.sip.ws.enabled ? config.sip.ws.port : null,
        wss: config.sip.wss.enabled ? config.sip.wss.port : null,
      },
      microsoftSignIn: config.teams.signIn.enabled,
    }));
    registerMicrosoftSignIn(http, { config: config.teams.signIn, store: () => this.database, logger });
    registerHistoryApi(http, {
      store: () => this.database,
      history: () => callHistoryOf(this.database),
      quality: () => callQualityOf(this.database),
    });
    registerRecordingApi(http, {
      store: () => this.database,
      recordingsDir: join(this.dataDir, 'recordings', 'calls'),
    });
    registerCallQualityApi(http, { store: () => this.database, quality: () => callQualityOf(this.database) });
    registerStatsApi(http, {
      calls: () => this.calls,
      store: () => this.database,
      statistics: () => {
        if (!this.statistics) throw new Error('the calls component is not running');
        return this.statistics;
      },
    });
    this.teamsGraph = new TeamsGraphWiring({ config: config.teams, store: () => this.database, logger });
    this.teamsGraph.registerRoutes(http);
    this.http = http;
  }

  /** The open store; only valid between start() and stop(). */
  get database(): SqliteStore {
    if (!this.store) throw new Error('the store is not open');
    return this.store;
  }

  /** The running SIP stack; only valid between start() and stop(). */
  get sip(): SipStack {
    if (!this.sipStack) throw new Error('the SIP stack is not running');
    return this.sipStack;
  }

  /** The running calls component; only valid between start() and stop(). */
  get calls(): CallsService {
    if (!this.callsService) throw new Error('the calls component is not running');
    return this.callsService;
  }

  /** The certificate used by the TLS and WSS listeners (configured or generated for local use). */
  get tlsCertificate(): CertificateFiles | null {
    return this.certificate;
  }

  async start(): Promise<void> {
    await this.components.start([
      this.storeComponent(),
      this.certificateComponent(),
      this.media,
      this.sipComponent(),
      this.teamsGraph,
      this.callsComponent(),
      this.http,
      ...this.directRoutingComponents(),
    ]);
    this.teamsGraph.listening();
    this.logger.info(
      {
        version: TANDEM_VERSION,
        dataDir: this.dataDir,
        http: `http://${this.http.address.host}:${this.http.address.port}/`,
      },
      'Tandem is running',
    );
  }

  async stop(): Promise<void> {
    await this.components.stop();
  }

  private storeComponent(): Component {
    const logger = moduleLogger(this.logger, 'store');
    return {
      name: 'database',
      start: async () => {
        const file = join(this.dataDir, 'tandem.db');
        this.store = SqliteStore.open(file, logger);
        const interrupted = this.store.calls.markInterruptedCalls(new Date().toISOString());
        if (interrupted > 0)
          logger.warn({ calls: interrupted }, 'calls left active by the previous run marked unfinished');
        if (this.config.demo.seed && seedDemoTenant(this.store, this.config.sip.realm)) {
          logger.info(
            'demo tenant seeded: agents alice, bob (password "demo"), supervisor sam; numbers +15550100, +15550101',
          );
        }
        this.health.register('database', () => {
          if (!this.store) return { status: 'down', detail: 'closed' };
          this.store.ping();
          return { status: 'ok', detail: 'SQLite (WAL)' };
        });
      },
      stop: async () => {
        this.store?.close();
        this.store = null;
      },
    };
  }

  private sipComponent(): Component {
    return {
      name: 'sip',
      start: async () => {
        const stack = this.buildSipStack();
        await stack.start();
        this.sipStack = stack;
        this.health.register('sip', () =>
          stack.isRunning
            ? {
                status: 'ok',
                detail: `${stack.location.aorCount} registered, ${stack.transports.connectionCount} connections`,
              }
            : { status: 'down', detail: 'stopped' },
        );
      },
      stop: async () => {
        await this.sipStack?.stop();
        this.sipStack = null;
      },
    };
  }

  private buildSipStack(): SipStack {
    const { sip } = this.config;
    const certificate = this.certificate;
    const tls = certificate
      ? { cert: readFileSync(certificate.certFile), key: readFileSync(certificate.keyFile) }
      : undefined;
    const listeners: ListenerOptions[] = (['udp', 'tcp', 'tls', 'ws', 'wss'] as const)
      .filter((protocol) => sip[protocol].enabled)
      .map((protocol) => ({
        protocol,
        host: sip[protocol].host,
        port: sip[protocol].port,
        ...(protocol === 'tls' || protocol === 'wss' ? { tls } : {}),
      }));
    return new SipStack({
      listeners,
      limits: {
        maxMessageBytes: sip.maxMessageBytes,
        maxConnections: sip.limits.maxConnections,
        maxConnectionsPerSource: sip.limits.maxConnectionsPerSource,
        idleTimeoutMs: sip.limits.idleTimeoutSeconds * 1000,
      },
      registrar: { realm: sip.realm, domains: sip.domains, ...sip.registrar },
      protection: sip.protection,
      credentials: {
        // A live password issued at Microsoft sign-in first, else the agent's own.
        find: (username, realm) =>
          this.store?.issuedCredentials.sipCredentials(username, realm) ??
          this.store?.agents.sipCredentials(username, realm) ??
          null,
      },
      serverHeader: `Tandem/${TANDEM_VERSION}`,
      logger: moduleLogger(this.logger, 'sip'),
      metrics: this.metrics,
    });
  }

  /**
   * The Teams Direct Routing trunk (Tandem as the SBC: OPTIONS keep-alive and health per Microsoft
   * proxy, TLS per tenant), when configured. Calls over it: direct-routing-calls.ts.
   */
  private directRoutingComponents(): Component[] {
    const config = this.config.teams.directRouting;
    if (!config.enabled) return [];
    const trunk = new DirectRoutingTrunk({
      config,
      version: TANDEM_VERSION,
      logger: moduleLogger(this.logger, 'direct-routing'),
    });
    exportDirectRoutingMetrics(this.metrics, trunk);
    takeTeamsCalls(trunk, () => this.callsService);
    this.directRouting = trunk;
    return [trunk];
  }

  private callsComponent(): Component {
    let calls: CallsService | null = null;
    let stream: CallEventStream | null = null;
    const presence: TenantGraphLink[] = [];
    let stopShowingCalls: (() => void) | null = null;
    return {
      name: 'calls',
      start: async () => {
        calls = new CallsService({
          sip: this.sip,
          media: this.media,
          store: this.database,
          logger: moduleLogger(this.logger, 'calls'),
          metrics: this.metrics,
          ringTimeoutMs: this.config.calls.ringTimeoutSeconds * 1000,
          routing: {
            stateAfterLogin: this.config.routing.stateAfterLogin,
            wrapUpMs: this.config.routing.wrapUpSeconds * 1000,
            ronaLimit: this.config.routing.ronaLimit,
            notReadyReasons: this.config.routing.notReadyReasons,
          },
          maxQueueWaitMs: this.config.routing.maxWaitSeconds * 1000,
          domain: this.config.sip.domains[0]!,
          dataDir: this.dataDir,
          recording: {
            ...this.config.calls.recording,
            recordingDir: resolve(
              this.config.media.rtpengine.recordingDir ?? join(this.dataDir, 'recordings'),
            ),
            outputDir: join(this.dataDir, 'recordings', 'calls'),
          },
          teams: this.directRouting
            ? teamsTrunkLink(this.directRouting, this.config.teams.directRouting.teamsNumbers)
            : undefined,
        });
        await calls.start();
        this.callsService = calls;
        // Teams presence keeps agents in a meeting or a Teams call from being offered callers (off by default).
        const engine = calls.routing.engine;
        for (const tenant of this.database.tenants.list()) {
          presence.push(
            this.teamsGraph.startTenant({
              tenantId: tenant.id,
              send: (agentId, command) => engine.agentCommand(agentId, command).ok,
            }),
          );
        }
        stopShowingCalls = this.teamsGraph.followCalls(calls.events);
        const statistics = calls.statistics;
        this.statistics = statistics;
        // Wrap-up is known only when the agent is done: it goes into the call record for history.
        statistics.events.on('callHandled', ({ callId, wrapUpMs }) => {
          try {
            this.database.calls.update(callId, { wrapUpMs });
          } catch (error) {
            this.logger.warn({ err: error, callId }, 'wrap-up not recorded');
          }
        });
        const events = new CallEventStream({
          calls,
          store: this.database,
          statistics,
          logger: moduleLogger(this.logger, 'events'),
        });
        stream = events;
        this.http.upgrade(
          '/api/events',
          (request, socket, head) => events.handleUpgrade(request, socket, head),
          () => events.close(),
        );
      },
      stop: async () => {
        for (const link of presence.splice(0)) link.close();
        stopShowingCalls?.();
        stopShowingCalls = null;
        stream?.close();
        this.statistics = null;
        await calls?.stop();
        this.callsService = null;
      },
    };
  }

  private certificateComponent(): Component {
    return {
      name: 'tls-certificate',
      start: async () => {
        const { tls, wss } = this.config.sip;
        const configured = [tls, wss].find((listener) => listener.certFile && listener.keyFile);
        if (configured?.certFile && configured.keyFile) {
          this.certificate = { certFile: configured.certFile, keyFile: configured.keyFile };
        } else if (tls.enabled || wss.enabled) {
          this.certificate = await ensureLocalCertificate(this.dataDir);
        }
      },
      stop: async () => {},
    };
  }
}

/** The configured web root, else the renderer build next to this server build (dist/renderer). */
function resolveWebRoot(configured: string | undefined): string | null {
  if (configured) return resolve(configured);
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '..', 'renderer'), join(here, '..', 'dist', 'renderer')];
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html'))) ?? null;
}
