/**
 * Blind transfer from the agent's side of a bridged call, by REFER (RFC 3515) or by the API. A REFER
 * is accepted with 202, its implicit subscription is kept informed with NOTIFYs carrying a sipfrag of how the new
 * call goes (100 Trying, then the final status), and the caller's media is moved to the new party
 * through rtpengine (the caller's leg offers to a new leg; the old leg is released afterwards), so
 * the caller hears no more than a moment of silence. If the target cannot be reached, the call stays
 * as it was and the agent is told why.
 */
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import { isSipUri, type SipRequest } from '../sip/message/index.js';
import type { ServerTransaction } from '../sip/transaction/server-transactions.js';
import type { CallTarget } from './callee-placer.js';
import { answerToward, offerToward, type LegMedia } from './media-profiles.js';
import { notifyReferProgress } from './refer-notify.js';

/** What a transfer needs from its call. */
export interface TransferHost {
  readonly id: string;
  readonly session: MediaSession;
  readonly callerLeg: MediaLeg;
  readonly callerMedia: LegMedia;
  /** The caller's latest SDP (its INVITE, or its last re-INVITE). */
  readonly callerSdp: string;
  /** The caller's INVITE, for the identity shown to the new party. */
  readonly callerRequest: SipRequest;
  readonly logger: Logger;
  /** The agent, a queue's agents, or a number through a trunk; null when the target is unknown. */
  resolveTarget(dialled: string): Promise<CallTarget | null>;
  /** The new party answered and hears the caller: the call's callee is now `dialog`. */
  transferred(target: CallTarget, leg: MediaLeg, dialog: Dialog): void;
}

/** The user part a Refer-To names (`<sip:1002@tandem.local>`, `<tel:+4930123>`); null if none. */
export function referTarget(request: SipRequest): string | null {
  const uri = request.referTo?.uri;
  if (!uri) return null;
  if (isSipUri(uri)) return uri.user ? decodeURIComponent(uri.user.split(';')[0]!) : null;
  return null;
}

/**
 * Runs one transfer by REFER. `transferor` is the dialog the REFER came in on; `transaction` its server
 * transaction, answered here.
 */
export async function blindTransfer(
  host: TransferHost,
  request: SipRequest,
  transaction: ServerTransaction,
  transferor: Dialog,
): Promise<boolean> {
  const dialled = referTarget(request);
  if (!dialled) {
    transaction.respond(400, 'Missing or Invalid Refer-To');
    return false;
  }
  transaction.respond(202);
  const notify = (status: number, final: boolean) => void notifyReferProgress(transferor, status, final);
  notify(100, false);
  const status = await transferCaller(host, dialled, (final) => notify(final, true));
  return status === 200;
}

/**
 * Moves the caller to `dialled`; without a REFER (the agent pressed Transfer, POST /api/calls/transfer)
 * nobody is notified. Resolves with how it went, as a SIP status: 200 when the new party answered and
 * hears the caller, 404 for an unknown target, the new party's refusal, or 500 when the media could
 * not be moved. Never rejects. `outcome` hears that status first: before the agent's leg gets its BYE
 * when the transfer succeeded, so that a REFER's final NOTIFY still finds its dialog.
 */
export async function transferCaller(
  host: TransferHost,
  dialled: string,
  outcome: (status: number) => void = () => {},
): Promise<number> {
  const finish = (status: number) => {
    outcome(status);
    return status;
  };
  const target = await host.resolveTarget(dialled);
  if (!target) return finish(404);
  const leg = host.session.addLeg({ label: target.label });
  try {
    const offer = await host.callerLeg.offer(host.callerSdp, { to: leg, ...offerToward(target.media) });
    const placed = await target.place(offer.sdp, host.callerRequest, host.id).outcome;
    if (placed.kind !== 'answered') return finish(placed.response.status);
    // rtpengine keeps the caller's side of the call: its SDP toward the caller does not change.
    await leg.answer(placed.response.bodyText, { to: host.callerLeg, ...answerToward(host.callerMedia) });
    finish(200);
    host.transferred(target, leg, placed.dialog);
    return 200;
  } catch (error) {
    host.logger.warn({ err: error, callId: host.id }, 'transfer failed');
    return finish(500);
  }
}
