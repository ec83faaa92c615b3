/**
 * The SIP stack of one node, assembled: transports, transactions, registrar with its location
 * service and protection, and the core that dispatches requests. One component for the app's
 * lifecycle, with health and metrics.
 */
import { Gauge } from 'prom-client';
import type { Component } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import type { MetricsRegistry } from '../shared/metrics.js';
import { SipCore, SUPPORTED_EXTENSIONS } from './core/sip-core.js';
import { DialogLayer } from './dialog/dialog-layer.js';
import { AddressList } from './protection/address-list.js';
import {
  AuthFailureLockout,
  parseScannerPattern,
  ScannerFilter,
  SourceRateLimiter,
} from './protection/index.js';
import { LocationService } from './registrar/location-service.js';
import { Registrar } from './registrar/registrar.js';
import type { CredentialLookup, RegistrarOptions } from './registrar/registrar-types.js';
import { TransactionLayer } from './transaction/transaction-layer.js';
import type { TimerValues } from './transaction/transaction-types.js';
import { TransportLayer } from './transport/transport-layer.js';
import type { ListenerOptions, TransportLimits } from './transport/transport-types.js';

export interface SipStackOptions {
  listeners: readonly ListenerOptions[];
  limits: TransportLimits;
  registrar: RegistrarOptions;
  protection: {
    requestsPerSecond: number;
    burst: number;
    maxAuthFailures: number;
    authFailureWindowSeconds: number;
    lockoutSeconds: number;
    trustedSources: readonly string[];
    blockedUserAgents: readonly string[];
  };
  credentials: CredentialLookup;
  serverHeader: string;
  logger: Logger;
  metrics?: MetricsRegistry;
  timers?: TimerValues;
}

export class SipStack implements Component {
  readonly name = 'sip';
  readonly transports: TransportLayer;
  readonly transactions: TransactionLayer;
  readonly dialogs: DialogLayer;
  readonly location: LocationService;
  readonly registrar: Registrar;
  readonly core: SipCore;
  private running = false;

  constructor(private readonly options: SipStackOptions) {
    const { logger, protection } = options;
    const trusted = new AddressList(protection.trustedSources);
    const rateLimiter = new SourceRateLimiter({
      ratePerSecond: protection.requestsPerSecond,
      burst: protection.burst,
      maxTrackedSources: 100_000,
    });
    this.transports = new TransportLayer({ listeners: options.listeners, limits: options.limits, logger });
    this.transactions = new TransactionLayer({
      sender: this.transports,
      logger,
      maxMessageBytes: options.limits.maxMessageBytes,
      serverHeader: options.serverHeader,
      timers: options.timers,
      mayAnswerMalformed: (source) => trusted.has(source) || rateLimiter.allow(source, Date.now()),
    });
    this.dialogs = new DialogLayer({
      transactions: this.transactions,
      isOpen: (flow) => this.transports.isOpen(flow),
      localEndpoint: (protocol) => this.transports.localEndpoint(protocol),
      logger,
      timers: options.timers,
      productToken: options.serverHeader,
      allowedMethods: () => this.core.allowedMethods,
      supported: SUPPORTED_EXTENSIONS,
    });
    this.location = new LocationService();
    const lockout = () =>
      new AuthFailureLockout({
        maxFailures: protection.maxAuthFailures,
        windowMs: protection.authFailureWindowSeconds * 1000,
        lockoutMs: protection.lockoutSeconds * 1000,
        maxTrackedKeys: 100_000,
      });
    this.registrar = new Registrar({
      options: options.registrar,
      credentials: options.credentials,
      location: this.location,
      sourceLockout: lockout(),
      userLockout: lockout(),
      isTrusted: (source) => trusted.has(source),
      logger,
      serverHeader: options.serverHeader,
    });
    this.core = new SipCore({
      transactions: this.transactions,
      dialogs: this.dialogs,
      registrar: this.registrar,
      location: this.location,
      rateLimiter,
      trusted,
      scanners: new ScannerFilter(protection.blockedUserAgents.map(parseScannerPattern)),
      logger,
      serverHeader: options.serverHeader,
    });
    this.transports.setDelegate(this.transactions);
    this.transactions.setUser(this.core);
    if (options.metrics) this.exportMetrics(options.metrics);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.transports.start();
    this.location.startSweeping();
    this.running = true;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.dialogs.stop();
    this.transactions.stop();
    this.location.stop();
    await this.transports.stop();
  }

  private exportMetrics(metrics: MetricsRegistry): void {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics],
        collect() {
          this.set(read());
        },
      });
    gauge(
      'tandem_sip_registered_aors',
      'Addresses of record with at least one binding',
      () => this.location.aorCount,
    );
    gauge('tandem_sip_bindings', 'Registered contacts', () => this.location.bindingCount);
    gauge('tandem_sip_dialogs', 'Established SIP dialogs', () => this.dialogs.count);
    gauge(
      'tandem_sip_connections',
      'Open SIP stream and WebSocket connections',
      () => this.transports.connectionCount,
    );
    gauge(
      'tandem_sip_transactions',
      'Live SIP transactions',
      () => this.transactions.serverTransactionCount + this.transactions.clientTransactionCount,
    );
    gauge(
      'tandem_sip_requests_received',
      'SIP requests received (new transactions)',
      () => this.core.stats.requests,
    );
    gauge(
      'tandem_sip_parse_errors',
      'SIP messages that could not be parsed',
      () => this.transactions.stats.parseErrors,
    );
    gauge(
      'tandem_sip_malformed_throttled',
      'Malformed requests not answered because their source exceeded its rate',
      () => this.transactions.stats.badRequestsThrottled,
    );
    gauge(
      'tandem_sip_rate_limited',
      'Requests dropped by the per-source rate limit',
      () => this.core.stats.rateLimited,
    );
    gauge(
      'tandem_sip_registrations_accepted',
      'REGISTER requests accepted',
      () => this.registrar.stats.registered,
    );
    gauge('tandem_sip_auth_failures', 'REGISTER requests refused', () => this.registrar.stats.rejected);
  }
}
