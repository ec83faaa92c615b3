/**
 * The SIP core: the user of the transaction layer. It screens each new request (scanners, rate
 * limits, URI scheme, Require), answers OPTIONS itself, gives REGISTER to the registrar and every
 * other method to the handler the upper layers registered for it (405 when none did, 501 for
 * methods nobody here knows).
 */
import type { Logger } from '../../shared/logger.js';
import { isSipUri, parseUri, type SipRequest, type SipResponse, type Uri } from '../message/index.js';
import { transportOf } from '../dialog/next-hop.js';
import type { AddressList } from '../protection/address-list.js';
import type { ScannerFilter, SourceRateLimiter } from '../protection/index.js';
import type { LocationService } from '../registrar/location-service.js';
import type { Registrar } from '../registrar/registrar.js';
import type { Binding } from '../registrar/registrar-types.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { TransactionLayer, TransactionLayerUser } from '../transaction/transaction-layer.js';
import type { ClientTransactionUser, Destination } from '../transaction/transaction-types.js';
import type { Flow } from '../transport/transport-types.js';
import type { DialogLayer } from '../dialog/dialog-layer.js';
import type { InviteHandler, RequestHandler, SipCoreStats } from './sip-core-types.js';

/** Methods of RFC 3261 and its common extensions: unknown ones get 501, known unhandled ones 405. */
const KNOWN_METHODS = new Set([
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'REGISTER',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'INFO',
  'REFER',
  'MESSAGE',
  'UPDATE',
]);

/** Option tags this core understands in Require (RFC 3261 8.2.2.3). */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['outbound', 'path'];

export interface SipCoreDeps {
  transactions: TransactionLayer;
  dialogs: DialogLayer;
  registrar: Registrar;
  location: LocationService;
  rateLimiter: SourceRateLimiter;
  trusted: AddressList;
  scanners: ScannerFilter;
  logger: Logger;
  serverHeader: string;
  now?: () => number;
  /** How long a dialog's peer whose WebSocket closed has to come back (Dialog.flowClosed); 10 s by default. */
  flowLossGraceMs?: number;
}

export class SipCore implements TransactionLayerUser {
  private readonly handlers = new Map<string, RequestHandler>();
  private inviteHandler: InviteHandler | null = null;
  private readonly inDialogMethods = new Set<string>();
  private readonly now: () => number;
  readonly stats: SipCoreStats = { requests: 0, rateLimited: 0, scannersDropped: 0 };

  constructor(private readonly deps: SipCoreDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Lets an upper layer take a method (INVITE, BYE, REFER...). */
  handle(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  /**
   * Lets an upper layer (calls) take initial INVITEs; `inDialogMethods` are the requests its
   * dialogs answer besides BYE (INFO, UPDATE, REFER...), for Allow.
   */
  onInvite(handler: InviteHandler, inDialogMethods: readonly string[] = []): void {
    this.inviteHandler = handler;
    for (const method of ['INVITE', 'BYE', ...inDialogMethods]) this.inDialogMethods.add(method);
  }

  /** The methods answered here, for Allow headers. */
  get allowedMethods(): string[] {
    return ['REGISTER', 'OPTIONS', 'ACK', 'CANCEL', ...this.inDialogMethods, ...this.handlers.keys()].filter(
      (method, index, all) => all.indexOf(method) === index,
    );
  }

  /**
   * Where a binding is reached. Over a connection (TCP, TLS, WebSocket) always down the flow it
   * registered over (RFC 5626): SIP.js Contacts name `*.invalid` hosts. Over UDP the Contact is
   * used when it names the address the REGISTER came from (a phone, or a test peer registering for
   * another of its ports); when they differ the client is behind NAT and only the source address and
   * port lead back.
   */
  destinationOf(binding: Binding): Destination {
    if (binding.flow.reliable) return { flow: binding.flow };
    let contact: Uri;
    try {
      contact = parseUri(binding.contact);
    } catch {
      return { flow: binding.flow };
    }
    if (!isSipUri(contact) || contact.params.has('ob') || transportOf(contact) !== 'udp') {
      return { flow: binding.flow };
    }
    const host = contact.host.replace(/^\[|\]$/g, '');
    if (host !== binding.flow.remote.host) return { flow: binding.flow };
    return { protocol: 'udp', remote: { host, port: contact.port ?? 5060 } };
  }

  /** Sends a request to every live binding of an AOR; returns how many it went to. */
  sendToAor(aor: string, build: (binding: Binding) => SipRequest, user: ClientTransactionUser): number {
    const bindings = this.deps.location.lookup(aor);
    for (const binding of bindings) {
      this.deps.transactions.sendRequest(build(binding), this.destinationOf(binding), user);
    }
    return bindings.length;
  }

  // ---- TransactionLayerUser ----

  onRequest(request: SipRequest, transaction: ServerTransaction | null, flow: Flow): void {
    this.stats.requests++;
    const source = flow.remote.host;
    if (this.deps.scanners.isScanner(request.userAgent)) {
      this.stats.scannersDropped++;
      // Silence: a scanner learns nothing, not even that something answers here.
      transaction?.terminate();
      return;
    }
    if (!this.deps.trusted.has(source) && !this.deps.rateLimiter.allow(source, this.now())) {
      this.stats.rateLimited++;
      if (transaction) {
        if (flow.reliable) this.reply(transaction, 503, 'Rate Limit Exceeded', [['Retry-After', '5']]);
        else transaction.terminate();
      }
      return;
    }
    if (transaction === null) {
      this.deps.dialogs.receiveAck(request);
      return;
    }
    if (!isSipUri(request.uri)) {
      this.reply(transaction, 416);
      return;
    }
    const unsupported = request.require.filter((tag) => !SUPPORTED_EXTENSIONS.includes(tag));
    if (unsupported.length > 0 && request.method !== 'CANCEL') {
      this.reply(transaction, 420, undefined, [['Unsupported', unsupported.join(', ')]]);
      return;
    }
    try {
      this.dispatch(request, transaction, flow);
    } catch (error) {
      this.deps.logger.error(
        { err: error, method: request.method, callId: request.callId },
        'request handler failed',
      );
      if (transaction.response === null || transaction.response.status < 200) this.reply(transaction, 500);
    }
  }

  onStrayResponse(response: SipResponse, flow: Flow): void {
    if (this.deps.dialogs.receiveStrayResponse(response)) return;
    this.deps.logger.debug(
      { status: response.status, callId: response.callId, flow: flow.id },
      'stray response dropped',
    );
  }

  onFlowClosed(flow: Flow): void {
    const { location, dialogs } = this.deps;
    location.flowClosed(flow.id);
    dialogs.flowClosed(flow, this.deps.flowLossGraceMs ?? 10_000, (target) => location.flowReaching(target));
  }

  private dispatch(request: SipRequest, transaction: ServerTransaction, flow: Flow): void {
    const method = request.method;
    if (method === 'REGISTER') {
      this.deps.registrar.handle(request, transaction, flow);
      return;
    }
    if (this.deps.dialogs.receiveInDialog(request, transaction, flow)) return;
    if (method === 'INVITE' && this.inviteHandler) {
      const invite = this.deps.dialogs.receiveInitialInvite(request, transaction, flow);
      if (invite) this.inviteHandler(invite);
      return;
    }
    if (method === 'BYE' || method === 'UPDATE' || method === 'PRACK') {
      // Requests that only exist inside a dialog, arriving without a To tag.
      this.reply(transaction, 481);
      return;
    }
    const handler = this.handlers.get(method);
    if (handler) {
      handler(request, transaction, flow);
      return;
    }
    if (method === 'OPTIONS') {
      // RFC 3261 11.2: the answer lists what we do, as an INVITE would be answered.
      this.reply(transaction, 200, undefined, [
        ['Accept', 'application/sdp'],
        ['Accept-Language', 'en'],
      ]);
      return;
    }
    this.reply(transaction, KNOWN_METHODS.has(method) ? 405 : 501);
  }

  private reply(
    transaction: ServerTransaction,
    status: number,
    reason?: string,
    headers: [string, string][] = [],
  ) {
    transaction.respond(status, reason, {
      toTag: `t${transaction.key.length.toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      headers: [
        ['Allow', this.allowedMethods.join(', ')],
        ['Supported', SUPPORTED_EXTENSIONS.join(', ')],
        ['Server', this.deps.serverHeader],
        ...headers,
      ],
    });
  }
}
