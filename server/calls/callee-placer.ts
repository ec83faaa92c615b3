/**
 * Places the callee's leg: an INVITE to one registration of the chosen agent, sent where the
 * registrar says that registration is reached (its WebSocket or TCP connection, or its UDP
 * address), with the caller's number and name in From so the agent sees who calls.
 */
import { isSipUri, type SipRequest } from '../sip/message/index.js';
import type { SipCore } from '../sip/core/sip-core.js';
import type { DialogLayer } from '../sip/dialog/dialog-layer.js';
import type { OutgoingInvite } from '../sip/dialog/outgoing-invite.js';
import type { Destination } from '../sip/transaction/transaction-types.js';
import type { HuntCandidate } from './agent-hunt.js';

export interface CalleePlacerDeps {
  readonly dialogs: DialogLayer;
  readonly core: SipCore;
  /** The SIP domain agents are addressed in. */
  readonly domain: string;
}

export class CalleePlacer {
  constructor(private readonly deps: CalleePlacerDeps) {}

  /** The most recent registration: the device the agent used last. */
  destinationOf(candidate: HuntCandidate): Destination {
    const binding = candidate.bindings[candidate.bindings.length - 1]!;
    return this.deps.core.destinationOf(binding);
  }

  place(
    candidate: HuntCandidate,
    destination: Destination,
    callerRequest: SipRequest,
    sdp: string,
    callId: string,
  ): OutgoingInvite {
    const binding = candidate.bindings[candidate.bindings.length - 1]!;
    const from = callerRequest.from;
    const number = isSipUri(from.uri) && from.uri.user ? from.uri.user : 'anonymous';
    const display = (from.displayName ?? number).replace(/["\\\r\n]/g, '');
    return this.deps.dialogs.invite(
      {
        uri: binding.contact,
        from: `"${display}" <sip:${number}@${this.deps.domain}>`,
        to: `<sip:${candidate.agent.username}@${this.deps.domain}>`,
        body: sdp,
        headers: [['X-Tandem-Call-Id', callId]],
      },
      destination,
    );
  }
}
