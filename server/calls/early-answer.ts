/**
 * A caller answered by a media endpoint of ours (the IVR) before any agent, and later moved to the
 * agent who answers. The endpoint gets a leg of the call's rtpengine session; the agent's answer
 * reaches the caller by re-INVITE, after which the endpoint's leg is closed.
 */
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import { answerToward, offerToward, type LegMedia } from './media-profiles.js';

export interface EarlyAnswer {
  /** The endpoint's leg in the session. */
  readonly leg: MediaLeg;
  /** The SDP the caller was answered with (repeated to re-INVITEs while no agent is there). */
  readonly answer: string;
  readonly dialog: Dialog;
  /** The SDP the endpoint sends to. */
  readonly towardEndpoint: string;
}

/** Accepts the caller's INVITE with rtpengine's answer for our endpoint (`endpointSdp`). */
export async function answerWithEndpoint(
  call: {
    readonly session: MediaSession;
    readonly caller: { readonly leg: MediaLeg; readonly media: LegMedia };
    readonly callerSdp: string;
    readonly invite: IncomingInvite;
    readonly isEnded: () => boolean;
  },
  endpointSdp: string,
): Promise<EarlyAnswer> {
  const leg = call.session.addLeg({ label: 'ivr' });
  const towardEndpoint = await call.caller.leg.offer(call.callerSdp, { to: leg, ...offerToward('rtp') });
  const towardCaller = await leg.answer(endpointSdp, {
    to: call.caller.leg,
    ...answerToward(call.caller.media),
  });
  if (call.isEnded()) throw new Error('the call ended while the caller was being answered');
  const dialog = call.invite.accept({ body: towardCaller.sdp });
  return { leg, answer: towardCaller.sdp, dialog, towardEndpoint: towardEndpoint.sdp };
}

/** Re-INVITEs the caller toward the agent (`answer`); false when the caller refused or could not be reached. */
export async function moveCallerToAgent(
  early: EarlyAnswer,
  answer: string,
  log: { readonly logger: Logger; readonly callId: string },
): Promise<boolean> {
  try {
    const response = await early.dialog.reinvite({ body: answer });
    if (response.status < 300) return true;
    log.logger.warn({ callId: log.callId, status: response.status }, 'caller refused the move to the agent');
    return false;
  } catch (error) {
    log.logger.warn({ err: error, callId: log.callId }, 'caller could not be moved to the agent');
    return false;
  } finally {
    void early.leg.close();
  }
}
