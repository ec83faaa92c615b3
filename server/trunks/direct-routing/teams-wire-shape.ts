/**
 * The last stop of every message Tandem sends on the Direct Routing trunk: whatever the dialog layer
 * and the media plane produced, what leaves is shaped the way Microsoft's "Direct Routing SIP
 * protocol" page requires (DESIGN.md):
 * - Contact carries the SBC FQDN of the tenant the connection belongs to, never an IP ("an IP there
 *   gets 403");
 * - every message carries `X-MS-SBC: Tandem/<model>/<version>` and an Allow that lists REFER;
 * - an SDP body is RTP/SAVP with `AES_CM_128_HMAC_SHA1_80` (`|2^31`, no MKI), rtcp-mux, G.711/G.722,
 *   and hold as `a=inactive` only (teams-sdp.ts).
 *
 * One choke point instead of rules scattered over dialogs, transfers and re-INVITEs: a message built
 * anywhere cannot reach Teams unshaped.
 */
import type { Logger } from '../../shared/logger.js';
import { parseSipMessage, type SipRequest, type SipResponse } from '../../sip/message/index.js';
import type { MessageSender } from '../../sip/transaction/transaction-types.js';
import type { Endpoint, Flow, TransportProtocol } from '../../sip/transport/transport-types.js';
import { sdpTowardTeams } from '../../teams/direct-routing/teams-sdp.js';
import { trunkHeaders, type SbcIdentity } from '../../teams/direct-routing/trunk-profile.js';

export interface TeamsWireShapeOptions {
  readonly inner: MessageSender;
  /** The SBC identity of the tenant a flow belongs to. */
  readonly identityOf: (flow: Flow) => SbcIdentity;
  readonly logger: Logger;
}

export class TeamsWireShape implements MessageSender {
  constructor(private readonly options: TeamsWireShapeOptions) {}

  sendOnFlow(data: Buffer, flow: Flow): Promise<void> {
    return this.options.inner.sendOnFlow(this.shape(data, flow), flow);
  }

  sendTo(data: Buffer, protocol: TransportProtocol, remote: Endpoint): Promise<Flow> {
    return this.options.inner.sendTo(data, protocol, remote);
  }

  localEndpoint(protocol: TransportProtocol): Endpoint | null {
    return this.options.inner.localEndpoint(protocol);
  }

  /** The message as Teams must see it; unchanged (and logged) when it cannot be read. */
  shape(data: Buffer, flow: Flow): Buffer {
    let message: SipRequest | SipResponse;
    try {
      message = parseSipMessage(data);
    } catch (error) {
      this.options.logger.warn({ err: error, flow: flow.id }, 'an outgoing trunk message could not be read');
      return data;
    }
    shapeMessage(message, this.options.identityOf(flow), this.options.logger);
    return message.toBuffer();
  }
}

/** Applies the trunk's header and SDP rules to one message, in place. */
export function shapeMessage(message: SipRequest | SipResponse, sbc: SbcIdentity, logger: Logger): void {
  const isAck = 'method' in message && (message.method === 'ACK' || message.method === 'CANCEL');
  for (const [name, value] of trunkHeaders(sbc)) {
    // ACK and CANCEL carry no Contact or Allow (RFC 3261 tables 2 and 3); X-MS-SBC goes everywhere.
    if (name !== 'X-MS-SBC' && isAck) continue;
    if (name === 'Contact' && !message.headers.has('contact')) continue;
    message.headers.set(name, value);
  }
  const type = message.headers.get('content-type') ?? '';
  if (!/^application\/sdp\b/i.test(type) || message.body.length === 0) return;
  try {
    message.body = sdpTowardTeams(message.bodyText);
  } catch (error) {
    // Teams will refuse it (488); the log says why rather than hiding the body.
    logger.error({ err: error, callId: message.callId }, 'an SDP toward Teams does not meet its media rules');
  }
}
