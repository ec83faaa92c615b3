/**
 * Calls on the Direct Routing trunk: a dialog layer of its own over the trunk's transactions, so that
 * INVITEs from Teams become the same `IncomingInvite`s the calls layer serves for any trunk, in-dialog
 * requests (BYE, re-INVITE, REFER, NOTIFY) and ACKs reach their dialogs, and calls toward Teams are
 * placed through the proxies in failover order (failover-invite.ts). What leaves is shaped for
 * Microsoft by teams-wire-shape.ts, below the transactions.
 */
import type { PlacedInvite, TeamsCallRequest, TeamsInviteSink } from '../../calls/teams-trunk-types.js';
import type { Logger } from '../../shared/logger.js';
import { DialogLayer } from '../../sip/dialog/dialog-layer.js';
import type { SipRequest, SipResponse } from '../../sip/message/index.js';
import type { ServerTransaction } from '../../sip/transaction/server-transactions.js';
import type { TransactionLayer } from '../../sip/transaction/transaction-layer.js';
import type { TimerValues } from '../../sip/transaction/transaction-types.js';
import type { Flow } from '../../sip/transport/transport-types.js';
import type { ProxyAddress } from '../../teams/direct-routing/direct-routing-types.js';
import { ALLOW_TOWARD_TEAMS } from '../../teams/direct-routing/trunk-profile.js';
import { FailoverInvite } from './failover-invite.js';
import { TeamsReferTargets } from './teams-refer-targets.js';
import type { Attempt, FailoverResult } from './send-with-failover.js';
import type { TrunkConnections } from './trunk-connections.js';

export interface TrunkDialogsOptions {
  readonly transactions: TransactionLayer;
  readonly connections: TrunkConnections;
  readonly logger: Logger;
  readonly timers?: TimerValues;
  readonly version: string;
  /** The trunk's failover across proxies for `tenant`. */
  readonly hunt: (
    tenant: string,
    attempt: (proxy: ProxyAddress) => Promise<Attempt>,
  ) => Promise<FailoverResult>;
}

/** Requests that only exist inside a dialog (RFC 3261 12.2.2 gives them a 481 outside one). */
const IN_DIALOG_ONLY = new Set(['BYE', 'UPDATE', 'PRACK', 'NOTIFY', 'INFO']);

export class TrunkDialogs {
  readonly layer: DialogLayer;
  /** Transfers Teams asked for by REFER, until the call they name is placed. */
  readonly referTargets = new TeamsReferTargets();
  private sink: TeamsInviteSink | null = null;

  constructor(private readonly options: TrunkDialogsOptions) {
    const { connections } = options;
    this.layer = new DialogLayer({
      transactions: options.transactions,
      isOpen: (flow) => connections.isOpen(flow),
      localEndpoint: (protocol) => connections.localEndpoint(protocol),
      logger: options.logger,
      timers: options.timers,
      productToken: `Tandem/${options.version}`,
      allowedMethods: () => ALLOW_TOWARD_TEAMS,
      supported: [],
    });
  }

  /** Where INVITEs from Teams go; without a sink they are refused with 480. */
  onInvite(sink: TeamsInviteSink): void {
    this.sink = sink;
  }

  get hasSink(): boolean {
    return this.sink !== null;
  }

  /**
   * Takes a request from Microsoft that belongs to calls; false when it is not one (the trunk's own
   * handler, if any, sees it then). `transaction` is null for an ACK to a 2xx.
   */
  receive(request: SipRequest, transaction: ServerTransaction | null, flow: Flow, tenant: string): boolean {
    if (transaction === null) {
      if (request.method === 'ACK') this.layer.receiveAck(request);
      return true;
    }
    if (request.method === 'REFER' && request.toTag !== undefined) this.referTargets.remember(request);
    if (this.layer.receiveInDialog(request, transaction, flow)) return true;
    if (request.method === 'INVITE' && this.sink) {
      const invite = this.layer.receiveInitialInvite(request, transaction, flow);
      if (invite) this.sink(invite, `teams:${tenant}`);
      return true;
    }
    if (IN_DIALOG_ONLY.has(request.method)) {
      transaction.respond(481);
      return true;
    }
    return false;
  }

  /** A 2xx retransmitted after its transaction ended: ACK it again. */
  receiveStrayResponse(response: SipResponse): boolean {
    return this.layer.receiveStrayResponse(response);
  }

  /** A call toward a Teams user for `tenant`, through the proxies in failover order. */
  place(tenant: string, call: TeamsCallRequest): PlacedInvite {
    return new FailoverInvite(
      {
        uriParams: this.referTargets.take(call.number),
        tenant,
        dialogs: this.layer,
        connect: (proxy) => this.options.connections.connect(tenant, proxy),
        hunt: (attempt) => this.options.hunt(tenant, attempt),
        logger: this.options.logger,
      },
      call,
    );
  }

  stop(): void {
    this.layer.stop();
  }
}
