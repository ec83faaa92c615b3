/**
 * A three-way (or larger) conference: every party is moved onto our G.711 mixer, each through an
 * rtpengine session of its own (rtpengine bridges the party's media, RTP, SRTP or WebRTC, to plain
 * G.711 toward one mixer participant port; DESIGN.md: mixing is ours, not rtpengine's):
 *
 *   party <-> rtpengine session "<callId>/<party>" <-RTP G.711-> mixer participant "<party>"
 *
 * A party already in the call is moved by a re-INVITE whose offer comes from its new session; a
 * new party is called with such an offer. Each hears everyone but itself.
 */
import type { Logger } from '../shared/logger.js';
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

interface Party {
  readonly name: string;
  readonly session: MediaSession;
}

export class Conference {
  private readonly mixer: ConferenceMixer;
  private readonly parties = new Map<string, Party>();
  private closed = false;

  constructor(private readonly deps: ConferenceDeps) {
    this.mixer = new ConferenceMixer({ id: deps.callId, logger: deps.logger });
  }

  get size(): number {
    return this.parties.size;
  }

  /** Moves a party that is in the call already onto the mixer, by a re-INVITE. */
  async move(name: string, media: LegMedia, dialog: Dialog): Promise<void> {
    await this.connect(name, media, { role: 'full' }, async (offer) => {
      const response = await dialog.reinvite({ body: offer });
      if (response.status >= 300) throw new ConferenceError(`${name} refused the re-INVITE`, response.status);
      return response.bodyText;
    });
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
    await this.connect(name, target.media, role, async (offer) => {
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

  /** A party left (hung up): its mixer port and rtpengine session go. */
  async leave(name: string): Promise<void> {
    const party = this.parties.get(name);
    if (!party) return;
    this.parties.delete(name);
    await Promise.all([this.mixer.removeParticipant(name), party.session.close()]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const parties = [...this.parties.values()];
    this.parties.clear();
    await Promise.all([this.mixer.close(), ...parties.map((party) => party.session.close())]);
  }

  /**
   * One party: a mixer participant, a session whose mixer-side leg offers the participant's SDP to
   * the party, the party's answer back into rtpengine, and rtpengine's address toward the mixer.
   */
  private async connect(
    name: string,
    media: LegMedia,
    role: { role: MixerRole; whisperTo?: string },
    exchange: (offer: string) => Promise<string>,
  ) {
    if (this.closed) throw new ConferenceError('the conference has ended');
    const participant = await this.mixer.addParticipant({
      id: name,
      payloadType: 0,
      role: role.role,
      whisperTo: role.whisperTo ?? null,
    });
    const session = this.deps.media.createSession({ callId: `${this.deps.callId}/${name}` });
    this.parties.set(name, { name, session });
    try {
      const mixerSide = session.addLeg({ label: 'mixer' });
      const partySide = session.addLeg({ label: name });
      const offer = await mixerSide.offer(participant.sdp(), { to: partySide, ...offerToward(media) });
      const answer = await exchange(offer.sdp);
      const towardMixer = await partySide.answer(answer, { to: mixerSide, ...answerToward('rtp') });
      participant.setRemote(mediaAddressOf(towardMixer.sdp));
    } catch (error) {
      await this.leave(name);
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
