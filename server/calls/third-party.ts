/**
 * A third party joining an answered call: the caller and the agent are moved onto our mixer
 * (conference.ts), then the third party is called in with a role: a conference (everyone hears
 * everyone), or a supervisor listening (heard by nobody), whispering to the agent (heard by the agent
 * only: coaching) or barging in (heard by all).
 */
import type { Logger } from '../shared/logger.js';
import type { MediaPlane } from '../sfu/media-plane.js';
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

export interface ThirdPartyCall {
  readonly id: string;
  readonly caller: { readonly media: LegMedia; readonly dialog: Dialog };
  readonly agent: { readonly media: LegMedia; readonly dialog: Dialog };
  /** The caller's INVITE, whose identity the third party sees. */
  readonly identity: SipRequest;
  readonly media: MediaPlane;
  readonly record: CallRecordWriter;
  readonly logger: Logger;
  /** The two-party bridge, no longer used once both are on the mixer. */
  readonly closeBridge: () => void;
  readonly isEnded: () => boolean;
  /** The conference exists (set before anyone moves, so that the call knows it is on the mixer). */
  readonly onConference: (conference: Conference) => void;
}

/** Brings `target` in; the status to report (200, 487, the third party's refusal, 500) and their dialog. */
export async function joinThirdParty(
  call: ThirdPartyCall,
  target: CallTarget,
  mode: JoinMode,
): Promise<{ status: number; third: Dialog | null }> {
  const conference = new Conference({ media: call.media, logger: call.logger, callId: call.id });
  call.onConference(conference);
  try {
    await conference.move('caller', call.caller.media, call.caller.dialog);
    await conference.move('agent', call.agent.media, call.agent.dialog);
    call.closeBridge();
    const third = await conference.dial('third', target, call.identity, roleOf(mode));
    if (call.isEnded()) {
      void third.bye();
      return { status: 487, third: null };
    }
    third.delegate = {
      onTerminated: () => void conference.leave('third'),
      onRequest: (request, transaction) => transaction.respond(request.method === 'INFO' ? 200 : 501),
    };
    call.record.event(mode === 'conference' ? 'conference' : 'monitored', { with: target.label, mode });
    return { status: 200, third };
  } catch (error) {
    call.logger.warn({ err: error, callId: call.id }, 'adding a third party failed');
    call.record.event('conference-failed', { with: target.label });
    return { status: error instanceof ConferenceError && error.status ? error.status : 500, third: null };
  }
}
