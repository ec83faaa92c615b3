/**
 * One try at reaching a callee for a call: a media leg of its own in the call's rtpengine session,
 * the offer rtpengine makes toward it, and the INVITE carrying that offer. A call may have several
 * at once (the routing engine rings more than one agent) or one after the other (a hunt).
 *
 *   Offering --INVITE out--> Ringing --2xx--> Answered (the call decides: connect it, or drop it)
 *      |                        |
 *      +--------+---------------+--cancel(), refusal, media refused--> Failed / Cancelled
 *
 * An answered attempt that the call does not want (another agent was first) is dropped with a BYE.
 */
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { PlacedInvite } from './teams-trunk-types.js';
import type { SipRequest } from '../sip/message/index.js';
import { mediaFailure } from './call-failures.js';
import type { CallEndReason } from './call-types.js';
import type { CallTarget } from './callee-placer.js';
import { offerToward, type LegMedia } from './media-profiles.js';
import { offerFor } from './video-media.js';

export type RingOutcome =
  | { readonly kind: 'answered'; readonly dialog: Dialog; readonly answerSdp: string }
  /** The callee refused (486, 603...) or did not answer (408, 480, 487 after our CANCEL). */
  | { readonly kind: 'refused'; readonly status: number }
  /** rtpengine could not make an offer toward this callee (488 no common codec, 503 down). */
  | { readonly kind: 'media-failed'; readonly status: number; readonly reason: CallEndReason }
  | { readonly kind: 'cancelled' };

export interface RingAttemptContext {
  readonly callId: string;
  readonly session: MediaSession;
  readonly callerLeg: MediaLeg;
  /** The caller's SDP, which rtpengine turns into an offer for this callee. */
  readonly callerSdp: string;
  readonly callerRequest: SipRequest;
  readonly logger: Logger;
}

export class RingAttempt {
  readonly leg: MediaLeg;
  readonly outcome: Promise<RingOutcome>;
  /** A 180 or 183 came back: the callee is alerting. */
  onAlerting: () => void = () => {};
  /** The INVITE has left (for the setup-time metric). */
  onPlaced: () => void = () => {};
  private invite: PlacedInvite | null = null;
  private cancelled: string | null = null;
  private settled = false;

  constructor(
    readonly target: CallTarget,
    private readonly context: RingAttemptContext,
  ) {
    this.leg = context.session.addLeg({ label: target.label });
    // An attempt that fails keeps its leg: closing one of the session's last two legs would close the
    // whole session, caller included. The session's end removes it from rtpengine with the rest.
    this.outcome = this.run().then((outcome) => {
      this.settled = true;
      return outcome;
    });
  }

  get agentId(): string | null {
    return this.target.agentId;
  }

  get media(): LegMedia {
    return this.target.media;
  }

  /** Stops ringing (CANCEL with the given Reason header value); an answer that crosses it is BYEd. */
  cancel(reason = 'SIP;cause=487;text="Request Terminated"'): void {
    if (this.settled || this.cancelled !== null) return;
    this.cancelled = reason;
    this.invite?.cancel(reason);
  }

  private async run(): Promise<RingOutcome> {
    const { callerLeg, callerSdp, callerRequest, callId, logger } = this.context;
    let offer: string;
    try {
      // Media the callee cannot take (video toward a trunk) is cut here and refused in the answer.
      const towardCallee = offerFor(this.target.media, callerSdp);
      offer = (
        await callerLeg.offer(towardCallee, { to: this.leg, ...offerToward(this.target.media, towardCallee) })
      ).sdp;
    } catch (error) {
      const failure = mediaFailure(error);
      logger.warn({ err: error, callId, target: this.target.label }, 'media offer failed');
      return { kind: 'media-failed', ...failure };
    }
    if (this.cancelled !== null) return { kind: 'cancelled' };
    const invite = this.target.place(offer, callerRequest, callId);
    this.invite = invite;
    this.onPlaced();
    invite.delegate.onProgress = (response) => {
      if (response.status === 180 || response.status === 183) this.onAlerting();
    };
    const outcome = await invite.outcome;
    if (outcome.kind === 'answered') {
      if (this.cancelled !== null) {
        void outcome.dialog.bye();
        return { kind: 'cancelled' };
      }
      return { kind: 'answered', dialog: outcome.dialog, answerSdp: outcome.response.bodyText };
    }
    return this.cancelled !== null
      ? { kind: 'cancelled' }
      : { kind: 'refused', status: outcome.response.status };
  }
}
