/**
 * The Teams Direct Routing trunk on its own TLS listener: Tandem as the SBC. It answers Microsoft's
 * OPTIONS with 200, probes each Microsoft proxy with OPTIONS on behalf of each tenant (health in
 * /metrics and `proxyStatuses()`), sends requests with failover across proxies, and hands every
 * other request from Microsoft (INVITE, REFER, BYE...) to the handler the calls layer sets.
 *
 * Entry point for app.ts: `new DirectRoutingTrunk({ config: config.teams.directRouting, ... })`,
 * a `Component` for the lifecycle, and `exportDirectRoutingMetrics(metrics, trunk)`.
 */
import type { DirectRoutingConfig } from '../../shared/config/direct-routing-config-schema.js';
import type { Component } from '../../shared/lifecycle.js';
import type { Logger } from '../../shared/logger.js';
import { generateCallId, generateTag, SipRequest, type SipResponse } from '../../sip/message/index.js';
import type { ServerTransaction } from '../../sip/transaction/server-transactions.js';
import { TransactionLayer, type TransactionLayerUser } from '../../sip/transaction/transaction-layer.js';
import type { TimerValues } from '../../sip/transaction/transaction-types.js';
import type { Flow } from '../../sip/transport/transport-types.js';
import type {
  DirectRoutingStatusSource,
  ProbeOutcome,
  ProxyAddress,
  ProxyStatus,
} from '../../teams/direct-routing/direct-routing-types.js';
import { OptionsKeepAlive } from '../../teams/direct-routing/options-keep-alive.js';
import {
  checkFqdn,
  checkProxyName,
  trunkHeaders,
  type SbcIdentity,
} from '../../teams/direct-routing/trunk-profile.js';
import { TrunkTls } from '../../teams/direct-routing/trunk-tls.js';
import type { PlacedInvite, TeamsCallRequest, TeamsInviteSink } from '../../calls/teams-trunk-types.js';
import { sendWithFailover, type Attempt, type FailoverResult } from './send-with-failover.js';
import { resolveByDns, TrunkConnections, type NameResolver } from './trunk-connections.js';
import { TeamsWireShape } from './teams-wire-shape.js';
import { TrunkDialogs } from './trunk-dialogs.js';

/** A request from Microsoft that is not OPTIONS; `tenant` is the SBC FQDN it was addressed to. */
export type TrunkRequestHandler = (
  request: SipRequest,
  transaction: ServerTransaction | null,
  flow: Flow,
  tenant: string,
) => void;

export interface DirectRoutingTrunkOptions {
  config: DirectRoutingConfig;
  /** Tandem's version, for X-MS-SBC and User-Agent. */
  version: string;
  logger: Logger;
  /** Proxy names to addresses; DNS by default. */
  resolve?: NameResolver;
  /** Transaction timers (tests shorten Timer F through T1). */
  timers?: TimerValues;
  /** How often the TLS files are polled for changes. */
  tlsWatchIntervalMs?: number;
  maxMessageBytes?: number;
  now?: () => number;
}

export class DirectRoutingTrunk implements Component, TransactionLayerUser, DirectRoutingStatusSource {
  readonly name = 'teams-direct-routing';
  readonly proxies: readonly ProxyAddress[];
  readonly tenants: readonly string[];
  private readonly tls: TrunkTls;
  private readonly connections: TrunkConnections;
  private readonly transactions: TransactionLayer;
  private readonly keepAlive: OptionsKeepAlive;
  private readonly heldOffUntil = new Map<string, number>();
  private handler: TrunkRequestHandler | null = null;
  private readonly dialogs: TrunkDialogs;
  private readonly now: () => number;
  private running = false;

  constructor(private readonly options: DirectRoutingTrunkOptions) {
    const { config, logger } = options;
    this.now = options.now ?? Date.now;
    this.tenants = config.tenants.map((tenant) => checkFqdn(tenant.fqdn, 'a Direct Routing tenant'));
    this.proxies = config.proxies.map((entry) => parseProxy(entry, config.proxyPort));
    this.tls = new TrunkTls({
      tenants: config.tenants,
      caFile: config.caFile,
      logger,
      watchIntervalMs: options.tlsWatchIntervalMs,
    });
    this.connections = new TrunkConnections({
      tls: this.tls,
      listen: config.listen,
      resolve: options.resolve ?? resolveByDns,
      maxMessageBytes: options.maxMessageBytes ?? 65_536,
      logger,
    });
    // Everything sent passes the trunk's header and SDP rules on its way out (teams-wire-shape.ts).
    const shaped = new TeamsWireShape({
      inner: this.connections,
      identityOf: (flow) => this.identity(this.connections.tenantOf(flow) ?? this.tenants[0]!),
      logger,
    });
    this.transactions = new TransactionLayer({
      sender: shaped,
      logger,
      maxMessageBytes: options.maxMessageBytes ?? 65_536,
      timers: options.timers,
      serverHeader: `Tandem/${options.version}`,
    });
    this.connections.setDelegate(this.transactions);
    this.transactions.setUser(this);
    this.dialogs = new TrunkDialogs({
      transactions: this.transactions,
      connections: this.connections,
      logger,
      timers: options.timers,
      version: options.version,
      hunt: (tenant, attempt) => this.hunt(tenant, attempt),
    });
    this.keepAlive = new OptionsKeepAlive({
      tenants: this.tenants,
      proxies: this.proxies,
      intervalMs: config.optionsIntervalSeconds * 1000,
      downAfterFailures: config.downAfterFailures,
      probe: (tenant, proxy) => this.probe(tenant, proxy),
      logger,
      now: this.now,
    });
  }

  /** Where Microsoft's proxies connect (the port to set in the Teams admin center). */
  get listening(): { host: string; port: number } {
    return this.connections.listening;
  }

  /** The calls layer takes INVITE, REFER, BYE... from Microsoft here. */
  handleRequests(handler: TrunkRequestHandler): void {
    this.handler = handler;
  }

  /** Calls from Teams: each INVITE becomes an IncomingInvite for the calls layer. */
  handleInvites(sink: TeamsInviteSink): void {
    this.dialogs.onInvite(sink);
  }

  /** Whether Teams asked, by a REFER not yet served, for a call to `number` (E.164). */
  referredTo(number: string): boolean {
    return this.dialogs.referTargets.has(number);
  }

  /** A call toward a Teams user of `tenant` (the first tenant when not given), with failover. */
  placeCall(call: TeamsCallRequest, tenant = this.tenants[0]!): PlacedInvite {
    return this.dialogs.place(tenant, call);
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.connections.start();
    this.running = true;
    this.tls.watch();
    this.keepAlive.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.keepAlive.stop();
    this.tls.unwatch();
    this.dialogs.stop();
    this.transactions.stop();
    await this.connections.stop();
  }

  proxyStatuses(): ProxyStatus[] {
    return this.keepAlive.proxyStatuses();
  }

  /** The headers every request and answer of `tenant` carries (Contact with its FQDN, X-MS-SBC, Allow). */
  identity(tenant: string): SbcIdentity {
    return {
      fqdn: tenant,
      port: this.connections.listening.port,
      component: this.options.config.model,
      version: this.options.version,
    };
  }

  /**
   * Sends a request built per proxy (its Request-URI names the proxy) through the proxies in
   * failover order, for `tenant`. INVITEs go through the dialog layer of the calls wiring; this is
   * for requests outside dialogs, and what that wiring reuses for its order.
   */
  send(tenant: string, build: (proxy: ProxyAddress) => SipRequest): Promise<FailoverResult> {
    return this.hunt(tenant, (proxy) => this.sendOnce(tenant, proxy, build(proxy)));
  }

  /** Runs attempts through the proxies in failover order for `tenant` (its health, Retry-After hold-offs). */
  private hunt(tenant: string, attempt: (proxy: ProxyAddress) => Promise<Attempt>): Promise<FailoverResult> {
    return sendWithFailover({
      proxies: this.proxies,
      health: this.keepAlive.healthOf(tenant),
      heldOffUntil: this.heldOffUntil,
      now: this.now,
      attempt,
      logger: this.options.logger,
    });
  }

  /** An OPTIONS from `tenant` to `proxy`, as the keep-alive sends it. */
  buildOptions(tenant: string, proxy: ProxyAddress): SipRequest {
    return new SipRequest({
      method: 'OPTIONS',
      uri: `sip:${proxy.name}:${proxy.port};transport=tls`,
      headers: [
        ['Max-Forwards', '70'],
        ['From', `<sip:${tenant}>;tag=${generateTag()}`],
        ['To', `<sip:${proxy.name}>`],
        ['Call-ID', generateCallId(tenant)],
        ['CSeq', '1 OPTIONS'],
        ...trunkHeaders(this.identity(tenant)),
        ['User-Agent', `Tandem/${this.options.version}`],
      ],
    });
  }

  // ---- TransactionLayerUser ----

  onRequest(request: SipRequest, transaction: ServerTransaction | null, flow: Flow): void {
    const tenant = this.tenantOf(request);
    if (transaction === null) {
      if (!this.dialogs.receive(request, null, flow, tenant)) this.handler?.(request, null, flow, tenant);
      return;
    }
    const answer = (status: number, extra: [string, string][] = []) =>
      transaction.respond(status, undefined, {
        toTag: generateTag(),
        headers: [
          ...trunkHeaders(this.identity(tenant)),
          ['Server', `Tandem/${this.options.version}`],
          ...extra,
        ],
      });
    if (request.method === 'OPTIONS') {
      // Microsoft's proxies probe the SBC with OPTIONS and expect a 200 with the SBC FQDN in Contact.
      answer(200, [['Accept', 'application/sdp']]);
      return;
    }
    try {
      if (this.dialogs.receive(request, transaction, flow, tenant)) return;
      if (!this.handler) {
        answer(480);
        return;
      }
      this.handler(request, transaction, flow, tenant);
    } catch (error) {
      this.options.logger.error(
        { err: error, method: request.method, callId: request.callId },
        'trunk request handler failed',
      );
      if (transaction.response === null || transaction.response.status < 200) answer(500);
    }
  }

  onStrayResponse(response: SipResponse, flow: Flow): void {
    if (this.dialogs.receiveStrayResponse(response)) return;
    this.options.logger.debug(
      { status: response.status, callId: response.callId, flow: flow.id },
      'stray response on the trunk',
    );
  }

  onFlowClosed(flow: Flow): void {
    this.options.logger.debug({ flow: flow.id }, 'Direct Routing connection closed');
  }

  // ---- inside ----

  /** The tenant a request from Microsoft is for: the SBC FQDN in its Request-URI, else the first tenant. */
  private tenantOf(request: SipRequest): string {
    const host = 'host' in request.uri ? request.uri.host.toLowerCase() : '';
    return this.tenants.find((tenant) => tenant === host) ?? this.tenants[0]!;
  }

  private probe(tenant: string, proxy: ProxyAddress): Promise<ProbeOutcome> {
    const startedAt = performance.now();
    return this.sendOnce(tenant, proxy, this.buildOptions(tenant, proxy)).then((outcome) =>
      outcome.kind === 'response'
        ? { answered: true, status: outcome.response.status, roundTripMs: performance.now() - startedAt }
        : { answered: false, reason: outcome.reason },
    );
  }

  private async sendOnce(tenant: string, proxy: ProxyAddress, request: SipRequest): Promise<Attempt> {
    let flow: Flow;
    try {
      flow = await this.connections.connect(tenant, proxy);
    } catch (error) {
      return { kind: 'transport-error', reason: (error as Error).message };
    }
    return new Promise((resolve) => {
      this.transactions.sendRequest(
        request,
        { flow },
        {
          onResponse: (response) => {
            if (response.status >= 200) resolve({ kind: 'response', response });
          },
          onTimeout: () => resolve({ kind: 'timeout', reason: `no answer from ${proxy.name} (Timer F)` }),
          onTransportError: (error) => resolve({ kind: 'transport-error', reason: error.message }),
        },
      );
    });
  }
}

function parseProxy(entry: string, defaultPort: number): ProxyAddress {
  const [name, port] = entry.split(':') as [string, string | undefined];
  return {
    name: checkProxyName(name),
    port: port === undefined ? defaultPort : Number(port),
  };
}
