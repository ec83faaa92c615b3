/**
 * A re-INVITE from one party of a two-party call, relayed to the other through rtpengine (hold,
 * resume, a codec or address change, a screen share started or stopped): the source's SDP is
 * offered to the target's leg, the target is re-INVITEd with rtpengine's SDP, and its answer goes
 * back the same way. Media the target cannot take (video toward a trunk) is refused in the answer
 * (video-media.ts).
 *
 * When the agent holds a SIP/RTP caller, the caller hears music (music-on-hold.ts): an `a=inactive`
 * hold is offered to the caller as `sendonly` (rtpengine refuses to play toward a leg that does not
 * receive) and answered to the agent as `inactive`; the music starts once the caller's answer is in
 * place, and stops on resume.
 */
import type { MediaLeg } from '../sfu/media-leg.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { InviteRequest } from '../sip/dialog/dialog-types.js';
import { mediaFailure } from './call-failures.js';
import { answerToward, offerToward, type LegMedia } from './media-profiles.js';
import { holdAnswerForHolder, holdOfferForMusic, isHoldOffer, type MusicOnHold } from './music-on-hold.js';
import { answerFor, offerFor } from './video-media.js';

export interface RelaySide {
  readonly leg: MediaLeg;
  readonly media: LegMedia;
  readonly dialog: Dialog | null;
}

export interface ReinviteRelay {
  readonly source: RelaySide;
  readonly target: RelaySide;
  /** The caller's hold music, when the agent (the source) is the one who holds. */
  readonly music: MusicOnHold | null;
}

/** Relays `reinvite`; resolves with what it meant (hold or resume), or null when it was refused. */
export async function relayReinvite(
  relay: ReinviteRelay,
  reinvite: InviteRequest,
): Promise<'held' | 'resumed' | null> {
  const { source, target, music } = relay;
  const body = reinvite.request.bodyText;
  const hold = isHoldOffer(body);
  const withMusic = music !== null && target.media !== 'webrtc';
  if (!target.dialog) {
    reinvite.reject(491);
    return null;
  }
  try {
    const offered = withMusic && hold ? holdOfferForMusic(body) : body;
    // A screen share (one more video m-line) reaches a WebRTC party; a trunk gets it refused.
    const towardTarget = offerFor(target.media, offered);
    const offer = await source.leg.offer(towardTarget, {
      to: target.leg,
      ...offerToward(target.media, towardTarget),
    });
    const response = await target.dialog.reinvite({ body: offer.sdp });
    if (response.status >= 300) {
      reinvite.reject(response.status);
      return null;
    }
    const answered = await target.leg.answer(response.bodyText, {
      to: source.leg,
      ...answerToward(source.media, response.bodyText),
    });
    const answer = answerFor(target.media, offered, answered.sdp);
    reinvite.accept({ body: withMusic && hold ? holdAnswerForHolder(body, answer) : answer });
    if (withMusic) void (hold ? music.start() : music.stop());
    return hold ? 'held' : 'resumed';
  } catch (error) {
    reinvite.reject(mediaFailure(error).status);
    throw error;
  }
}
