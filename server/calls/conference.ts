/**
 * A three-way (or larger) conference: every party is put on our G.711 mixer through rtpengine
 * (rtpengine bridges the party's media, RTP, SRTP or WebRTC, to plain G.711 toward one mixer
 * participant port; DESIGN.md: mixing is ours, not rtpengine's):
 *
 *   party <-> its rtpengine side --- a mixer side in the same session <-RTP G.711-> mixer participant
 *
 * A party already in the call keeps its rtpengine side (the same ports, ICE credentials and DTLS
 * association): a new mixer side in the call's session offers to it, and the party gets that offer
 * as a re-INVITE. A browser takes this like a hold or resume; an offer from a new session instead
 * makes it restart ICE and DTLS, after which Chromium played nothing (issue 6). A new party is
 * called with an offer from a session of its own. Each hears everyone but itself.
 */
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaPlane } from '../sfu/media-plane.js';
import type { MediaSession } from '../sfu/media-session.js';
import { ConferenceMixer } from '../sfu/mixer/conference-mixer.js';
import type { MixerRole } from '../sfu/mixer/conference-mixer-types.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { SipRequest } from '../sip/message/index.js';
import type { CallTarget } from './callee-placer.js';
import { answerToward, offerToward, type LegMedia } from './media-profiles.js';

export class ConferenceError extends Error {
  override name = 'ConferenceError';
  constructor(
    message: string,
    /** The SIP status a party answered with, when that is why. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ConferenceDeps {
  readonly media: MediaPlane;
  readonly logger: Logger;
  readonly callId: string;
}

/** A party already in the call: its side of the call's media session, and its dialog. */
export interface PresentParty {
  readonly session: MediaSession;
  readonly leg: MediaLeg;
  readonly media: LegMedia;
  readonly dialog: Dialog;
}

/**
 * The rtpengine sides of one party: the mixer's and the party's. `release` runs when the party leaves
 * (a called party's whole session; a moved party's two sides), `abandon` when it could not be connected
 * (a moved party's side stays: it still belongs to the call).
 */
interface PartySides {
  readonly mixerSide: MediaLeg;
  readonly partySide: MediaLeg;
  readonly media: LegMedia;
  readonly release: () => Promise<unknown>;
  readonly abandon: () => Promise<unknown>;
}

export class Conference {
  private readonly mixer: ConferenceMixer;
  private readonly parties = new Map<string, PartySides>();
  private closed = false;

  constructor(private readonly deps: ConferenceDeps) {
    this.mixer = new ConferenceMixer({ id: deps.callId, logger: deps.logger });
  }

  get size(): number {
    return this.parties.size;
  }

  /**
   * Moves a party that is in the call already onto the mixer, by a re-INVITE; resolves with the new
   * mixer side of its session (whose media is the mixer's, not the party's: keep it out of recordings).
   */
  async move(name: string, party: PresentParty): Promise<MediaLeg> {
    const mixerSide = party.session.addLeg({ label: `mixer-${name}` });
    const sides: PartySides = {
      mixerSide,
      partySide: party.leg,
      media: party.media,
      release: () => Promise.all([party.leg.close(), mixerSide.close()]),
      abandon: () => mixerSide.close(),
    };
    await this.connect(name, { role: 'full' }, sides, async (offer) => {
      const response = await party.dialog.reinvite({ body: offer });
      if (response.status >= 300) throw new ConferenceError(`${name} refused the re-INVITE`, response.status);
      return response.bodyText;
    });
    return mixerSide;
  }

  /**
   * Calls a new party into the conference; resolves with its dialog once it answered. A supervisor
   * joins with `listen` (hears all, heard by none) or `whisper` (heard by `whisperTo` only).
   */
  async dial(
    name: string,
    target: CallTarget,
    caller: SipRequest,
    role: { role: MixerRole; whisperTo?: string } = { role: 'full' },
  ): Promise<Dialog> {
    let dialog: Dialog | null = null;
    const session = this.deps.media.createSession({ callId: `${this.deps.callId}/${name}` });
    const sides: PartySides = {
      mixerSide: session.addLeg({ label: 'mixer' }),
      partySide: session.addLeg({ label: name }),
      media: target.media,
      release: () => session.close(),
      abandon: () => session.close(),
    };
    await this.connect(name, role, sides, async (offer) => {
      const outcome = await target.place(offer, caller, this.deps.callId).outcome;
      if (outcome.kind !== 'answered') {
        throw new ConferenceError(`${target.label} did not answer`, outcome.response.status);
      }
      dialog = outcome.dialog;
      return outcome.response.bodyText;
    });
    return dialog!;
  }

  /** Changes how a party takes part (a supervisor going from listen to whisper to barge). */
  setRole(name: string, role: MixerRole, whisperTo?: string): void {
    this.mixer.participant(name)?.setRole(role, whisperTo ?? null);
  }

  /** A party left (hung up): its mixer port and its rtpengine side(s) go. */
  async leave(name: string): Promise<void> {
    const party = this.parties.get(name);
    if (!party) return;
    this.parties.delete(name);
    await Promise.all([this.mixer.removeParticipant(name), party.release()]);
  }

  /** A party that could not be connected: its mixer port and what was made for it go. */
  private async abandon(name: string, sides: PartySides): Promise<void> {
    this.parties.delete(name);
    await Promise.all([this.mixer.removeParticipant(name), sides.abandon()]);
  }

  /** The call ended: the mixer goes, and the called parties' sessions (the call closes its own). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const parties = [...this.parties.values()];
    this.parties.clear();
    await Promise.all([this.mixer.close(), ...parties.map((party) => party.abandon())]);
  }

  /**
   * One party: a mixer participant, a mixer side that offers the participant's SDP to the party's
   * side, the party's answer back into rtpengine, and rtpengine's address toward the mixer.
   */
  private async connect(
    name: string,
    role: { role: MixerRole; whisperTo?: string },
    sides: PartySides,
    exchange: (offer: string) => Promise<string>,
  ) {
    const { mixerSide, partySide, media } = sides;
    if (this.closed) {
      await sides.abandon();
      throw new ConferenceError('the conference has ended');
    }
    this.parties.set(name, sides);
    try {
      const participant = await this.mixer.addParticipant({
        id: name,
        payloadType: 0,
        role: role.role,
        whisperTo: role.whisperTo ?? null,
      });
      const offer = await mixerSide.offer(participant.sdp(), { to: partySide, ...offerToward(media) });
      const answer = await exchange(offer.sdp);
      const towardMixer = await partySide.answer(answer, { to: mixerSide, ...answerToward('rtp') });
      participant.setRemote(mediaAddressOf(towardMixer.sdp));
    } catch (error) {
      await this.abandon(name, sides);
      throw error;
    }
  }
}

function mediaAddressOf(sdp: string): { address: string; port: number } {
  const address = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = /^m=audio (\d+) /m.exec(sdp)?.[1];
  if (!address || !port) throw new ConferenceError('rtpengine gave no audio address toward the mixer');
  return { address, port: Number(port) };
}
