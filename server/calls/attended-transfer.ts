/**
 * Attended (consultative) transfer, RFC 5589 section 7. The agent has the customer (the customer's call)
 * and, placed from her own phone, a consult call with the target (another agent, or a number through a
 * trunk). She completes with a REFER on one of her two dialogs whose Refer-To carries `?Replaces=` naming
 * the other (RFC 3891); SIP.js 0.21 `session.refer(consultSession)` sends, on the customer's dialog:
 *
 *   Refer-To: "Bob" <sip:tandem@127.0.0.1:5060;transport=ws?Replaces=<call-id>%3Bto-tag%3D<ours>%3Bfrom-tag%3D<hers>>
 *
 * Tandem is both the transferee and the transfer target, so no INVITE with Replaces goes out: the customer
 * is moved into the consult call's media session instead, next to the target, whose media stays where it
 * is (a browser's DTLS association cannot follow it to another rtpengine session: rtpengine signs every
 * call with one certificate, so Chromium would keep its old keys):
 *
 *   customer's call:  customer <-> [session A] <-> agent            consult call: agent <-> [session B] <-> target
 *   after:            customer <-----------------> [session B] <-> target;  session A and the agent's dialogs end
 *
 * The target is re-INVITEd with an offer from the customer's new leg (its SDP toward rtpengine does not
 * change), then the customer with rtpengine's new address (which also takes it off hold). The agent is told
 * how it went (NOTIFY sipfrag, RFC 3515) and released. If anything is refused, both calls stay as they were.
 */
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { DialogId } from '../sip/dialog/dialog-types.js';
import { isSipUri, type SipRequest } from '../sip/message/index.js';
import type { ServerTransaction } from '../sip/transaction/server-transactions.js';
import type { CallByDialog, CallParty, PartySide, ReplaceableCall } from './attended-transfer-types.js';
import { answerToward, offerToward } from './media-profiles.js';
import { notifyReferProgress } from './refer-notify.js';

export interface AttendedTransferDeps {
  readonly findCall: CallByDialog;
  readonly logger: Logger;
}

/** Where the REFER came in: the call, the agent's side of it, and her dialog. */
export interface Referrer {
  readonly call: ReplaceableCall;
  readonly side: PartySide;
  readonly dialog: Dialog;
}

/** How long the final NOTIFY may take before the agent's dialogs are ended anyway. */
const FINAL_NOTIFY_WAIT_MS = 1_000;

/**
 * The dialog `?Replaces=` in the Refer-To names, as our own dialog id: undefined when there is none (a
 * blind transfer), null when it is malformed. RFC 3891 section 3: the to-tag is the tag of the party the
 * Replaces is meant for, us, so it is our local tag; the from-tag is the agent's.
 */
export function replacesOf(request: SipRequest): DialogId | null | undefined {
  const uri = request.referTo?.uri;
  if (!uri || !isSipUri(uri)) return undefined;
  const raw = [...uri.headers].find(([name]) => name.toLowerCase() === 'replaces')?.[1];
  if (raw === undefined) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // Replaces = callid *(SEMI replaces-param); replaces-param = to-tag / from-tag / early-flag / generic-param
  const [callId, ...params] = value.split(';').map((part) => part.trim());
  const param = (name: string) =>
    params.find((part) => part.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
  const localTag = param('to-tag');
  const remoteTag = param('from-tag');
  if (!callId || !localTag || !remoteTag) return null;
  return { callId, localTag, remoteTag };
}

class TransferRefused extends Error {
  override readonly name = 'TransferRefused';
  constructor(readonly status: number) {
    super(`refused with ${status}`);
  }
}

/** The two calls a Replaces joins: the customer's (the agent answered it) and the consult (she placed it). */
function pairOf(
  referrer: Referrer,
  replaced: { call: ReplaceableCall; side: PartySide },
): { customer: ReplaceableCall; consult: ReplaceableCall } | null {
  if (replaced.call === referrer.call) return null;
  if (referrer.side === 'callee' && replaced.side === 'caller') {
    return { customer: referrer.call, consult: replaced.call };
  }
  if (referrer.side === 'caller' && replaced.side === 'callee') {
    return { customer: replaced.call, consult: referrer.call };
  }
  return null;
}

/**
 * Completes an attended transfer for a REFER with Replaces; `transaction` is the REFER's, answered here.
 * Resolves with whether the customer now talks to the target.
 */
export async function completeAttendedTransfer(
  deps: AttendedTransferDeps,
  referrer: Referrer,
  request: SipRequest,
  transaction: ServerTransaction,
): Promise<boolean> {
  const replaces = replacesOf(request);
  if (!replaces) {
    transaction.respond(400, 'Bad Replaces In Refer-To');
    return false;
  }
  // RFC 3515 2.4.2: accept, then report on the triggered call (here: the join) through NOTIFYs.
  transaction.respond(202);
  const notify = (status: number, final: boolean) => notifyReferProgress(referrer.dialog, status, final);
  void notify(100, false);
  const log = deps.logger.child({ callId: referrer.call.id, replaces: replaces.callId });

  const found = deps.findCall(replaces);
  const pair = found ? pairOf(referrer, found) : null;
  const refusal = pair ? whyNot(pair.customer, pair.consult) : 481;
  if (refusal !== null || !pair) {
    // RFC 3891 section 3: "If no match is found, the UAS rejects the INVITE and returns a 481".
    log.info({ status: refusal }, 'attended transfer refused');
    referrer.call.record.event('transfer-failed', { attended: true, status: refusal });
    await notify(refusal ?? 481, true);
    return false;
  }
  const { customer, consult } = pair;
  if (!customer.holdForTransfer('callee')) {
    await notify(491, true);
    return false;
  }
  if (!consult.holdForTransfer('caller')) {
    customer.holdForTransfer(null);
    await notify(491, true);
    return false;
  }
  const target = consult.party('callee')!;
  let moved: MediaLeg;
  try {
    moved = await moveCustomer(customer, consult, target);
  } catch (error) {
    const status = error instanceof TransferRefused ? error.status : 500;
    if (!(error instanceof TransferRefused)) log.warn({ err: error }, 'attended transfer failed');
    customer.record.event('transfer-failed', { attended: true, to: target.label, status });
    customer.holdForTransfer(null);
    consult.holdForTransfer(null);
    await notify(status, true);
    return false;
  }
  const caller = customer.party('caller')!;
  const { sdp, request: callerRequest } = customer.callerOffer();
  // The agent hears how it went before her dialogs end (a NOTIFY after the BYE would find no dialog).
  await Promise.race([notify(200, true), delay(FINAL_NOTIFY_WAIT_MS)]);
  consult.replaceCaller(
    { leg: moved, media: caller.media, dialog: caller.dialog, sdp, request: callerRequest },
    customer,
  );
  customer.releaseCaller(consult, target);
  consult.holdForTransfer(null);
  log.info({ to: target.label, consult: consult.id }, 'attended transfer completed');
  return true;
}

/** Null when the two calls can be joined, else the status to report to the agent. */
function whyNot(customer: ReplaceableCall, consult: ReplaceableCall): number | null {
  if (!customer.isConnected || !consult.isConnected) return 481;
  const agent = customer.party('callee');
  const consulting = consult.party('caller');
  const caller = customer.party('caller');
  if (!agent || !consulting || !caller || !consult.party('callee')) return 481;
  // Only the agent on both calls may join them: a Replaces naming someone else's dialog is refused.
  if (agent.agentId === null || agent.agentId !== consulting.agentId) return 403;
  // A browser customer's DTLS-SRTP cannot move to another rtpengine session (see above).
  if (caller.media === 'webrtc') return 488;
  return null;
}

/**
 * The customer's new leg in the consult session: the target is re-INVITEd with an offer made from the
 * customer's SDP, then the customer with rtpengine's answer (new address). If the customer refuses, the
 * target is given back to the agent.
 */
async function moveCustomer(
  customer: ReplaceableCall,
  consult: ReplaceableCall,
  target: CallParty,
): Promise<MediaLeg> {
  const caller = customer.party('caller')!;
  const session = consult.mediaSession;
  const moved = session.addLeg({ label: caller.label });
  try {
    const offer = await moved.offer(customer.callerOffer().sdp, {
      to: target.leg,
      ...offerToward(target.media),
    });
    const targetAnswer = await target.dialog.reinvite({ body: offer.sdp });
    if (targetAnswer.status >= 300) throw new TransferRefused(targetAnswer.status);
    const towardCaller = await target.leg.answer(targetAnswer.bodyText, {
      to: moved,
      ...answerToward(caller.media),
    });
    const callerAnswer = await caller.dialog.reinvite({ body: towardCaller.sdp });
    if (callerAnswer.status >= 300) {
      await giveBack(consult, target);
      throw new TransferRefused(callerAnswer.status);
    }
    return moved;
  } catch (error) {
    void moved.close();
    throw error;
  }
}

/** The customer refused to move: the target is connected to the agent's consult leg again (best effort). */
async function giveBack(consult: ReplaceableCall, target: CallParty): Promise<void> {
  const agent = consult.party('caller');
  if (!agent) return;
  const offer = await agent.leg.offer(consult.callerOffer().sdp, {
    to: target.leg,
    ...offerToward(target.media),
  });
  const answer = await target.dialog.reinvite({ body: offer.sdp });
  if (answer.status < 300) {
    await target.leg.answer(answer.bodyText, { to: agent.leg, ...answerToward(agent.media) });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
