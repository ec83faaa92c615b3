/**
 * A third party joining an answered call: the caller and the agent are moved onto our mixer
 * (conference.ts), then the third party is called in with a role: a conference (everyone hears
 * everyone), or a supervisor listening (heard by nobody), whispering to the agent (heard by the agent
 * only: coaching) or barging in (heard by all).
 */
import type { Logger } from '../shared/logger.js';
import type { MediaLeg } from '../sfu/media-leg.js';
import type { MediaPlane } from '../sfu/media-plane.js';
import type { MediaSession } from '../sfu/media-session.js';
import type { MixerRole } from '../sfu/mixer/conference-mixer-types.js';
import type { Dialog } from '../sip/dialog/dialog.js';
import type { SipRequest } from '../sip/message/index.js';
import type { CallRecordWriter } from './call-record-writer.js';
import type { CallTarget } from './callee-placer.js';
import { Conference, ConferenceError } from './conference.js';
import type { LegMedia } from './media-profiles.js';

export type JoinMode = 'conference' | 'listen' | 'whisper' | 'barge';

export function roleOf(mode: JoinMode): { role: MixerRole; whisperTo?: string } {
  if (mode === 'conference') return { role: 'full' };
  return mode === 'whisper' ? { role: 'whisper', whisperTo: 'agent' } : { role: mode };
}

/** One of the two parties of the call: its side of the call's media session, and its dialog. */
export interface CallSide {
  readonly leg: MediaLeg;
  readonly media: LegMedia;
  readonly dialog: Dialog;
}

export interface ThirdPartyCall {
  readonly id: string;
  /** The call's media session: caller and agent keep their sides in it, re-paired with the mixer. */
  readonly session: MediaSession;
  readonly caller: CallSide;
  readonly agent: CallSide;
  /** The caller's INVITE, whose identity the third party sees. */
  readonly identity: SipRequest;
  readonly media: MediaPlane;
  readonly record: CallRecordWriter;
  readonly logger: Logger;
  /** Sides of the call's session that carry the mixer's audio, not a party's: not to be recorded as one. */
  readonly mixerSides: (legs: readonly MediaLeg[]) => void;
  /** Moving caller or agent onto the mixer failed half-way: their media is cut, the call cannot go on. */
  readonly mediaLost: () => void;
  readonly isEnded: () => boolean;
}

/** The side that carries on with the caller once the agent left: the third party's dialog and who they are. */
export interface Successor {
  readonly dialog: Dialog;
  readonly target: CallTarget;
}

/**
 * A call's conference, from the third party being added until the call ends: the mixer, the third
 * party's dialog and, for a conference (not a supervisor), who carries on with the caller when the agent
 * leaves. The call asks `active` to know it is on the mixer (no re-INVITE relay, no transfer).
 */
export class CallConference {
  private conference: Conference | null = null;
  private third: Dialog | null = null;
  private guest: CallTarget | null = null;

  /** True from the moment the first party starts moving onto the mixer. */
  get active(): boolean {
    return this.conference !== null;
  }

  /** Adds `target` (see joinThirdParty); the status to report. 409 when a conference exists already. */
  async add(call: ThirdPartyCall, target: CallTarget, mode: JoinMode): Promise<number> {
    if (this.conference) return 409;
    const { status, third } = await joinThirdParty(call, target, mode, (conference) => {
      this.conference = conference;
    });
    this.third = third;
    if (third && mode === 'conference') this.guest = target;
    return status;
  }

  /** A supervisor who joined changes how they take part, without renegotiating; false without one. */
  setMode(mode: JoinMode): boolean {
    if (!this.conference || !this.third) return false;
    const { role, whisperTo } = roleOf(mode);
    this.conference.setRole('third', role, whisperTo);
    return true;
  }

  /**
   * The agent hung up: her mixer port goes and the third party of a conference carries on with the
   * caller. Null when nobody carries on (no conference, a supervisor, or the third party already left).
   */
  agentLeft(): Successor | null {
    const { conference, third, guest } = this;
    if (!conference || !third || !guest || third.state === 'terminated') return null;
    void conference.leave('agent');
    this.third = null;
    this.guest = null;
    return { dialog: third, target: guest };
  }

  /** The call ended: the third party gets a BYE and the mixer and its sessions go. */
  close(): void {
    void this.third?.bye();
    void this.conference?.close();
  }
}

/** Brings `target` in; the status to report (200, 487, the third party's refusal, 500) and their dialog. */
async function joinThirdParty(
  call: ThirdPartyCall,
  target: CallTarget,
  mode: JoinMode,
  /** Told before anyone moves, so that the call knows at once it is on the mixer. */
  onConference: (conference: Conference) => void,
): Promise<{ status: number; third: Dialog | null }> {
  const conference = new Conference({ media: call.media, logger: call.logger, callId: call.id });
  onConference(conference);
  try {
    await moveBoth(call, conference);
  } catch (error) {
    if (call.isEnded()) return { status: 487, third: null };
    call.logger.error({ err: error, callId: call.id }, 'moving the call onto the mixer failed; ending it');
    call.record.event('conference-failed', { with: target.label });
    call.mediaLost();
    return { status: 500, third: null };
  }
  try {
    const third = await conference.dial('third', target, call.identity, roleOf(mode));
    if (call.isEnded()) {
      void third.bye();
      return { status: 487, third: null };
    }
    third.delegate = {
      onTerminated: () => void conference.leave('third'),
      onRequest: (request, transaction) => transaction.respond(request.method === 'INFO' ? 200 : 501),
    };
    const joined = target.agentId ? { agentId: target.agentId } : {};
    call.record.event(mode === 'conference' ? 'conference' : 'monitored', {
      with: target.label,
      mode,
      ...joined,
    });
    return { status: 200, third };
  } catch (error) {
    call.logger.warn({ err: error, callId: call.id }, 'adding a third party failed');
    call.record.event('conference-failed', { with: target.label });
    return { status: error instanceof ConferenceError && error.status ? error.status : 500, third: null };
  }
}

/** Caller and agent onto the mixer, each keeping its own side of the call's session. */
async function moveBoth(call: ThirdPartyCall, conference: Conference): Promise<void> {
  const mixerSides: MediaLeg[] = [];
  for (const [name, side] of [
    ['caller', call.caller],
    ['agent', call.agent],
  ] as const) {
    mixerSides.push(await conference.move(name, { session: call.session, ...side }));
  }
  call.mixerSides(mixerSides);
}
