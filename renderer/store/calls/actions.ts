import type { SliceUpdater } from '../slice-types.js';
import { createOutgoingAndVideoActions, type OutgoingAndVideoActions } from './outgoing-and-video-actions.js';
import { initialCallVideo } from './video-state.js';
import type {
  CallEnding,
  CallPhase,
  CallsState,
  ConsultCall,
  CurrentCall,
  OfferContext,
} from './initial-state.js';

export interface CallOffer {
  readonly id: string;
  readonly serverCallId: string | null;
  readonly direction: 'incoming' | 'outgoing';
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly at: number;
  /** Queue, wait and IVR choices from the INVITE, when it came through a queue. */
  readonly context?: OfferContext | null;
}

export interface CallsActions extends OutgoingAndVideoActions {
  offered(offer: CallOffer): void;
  answering(id: string): void;
  established(id: string, at: number): void;
  ended(id: string, ending: CallEnding, at: number): void;
  holdChanged(id: string, held: boolean): void;
  muteChanged(id: string, muted: boolean): void;
  busyChanged(id: string, busy: boolean): void;
  refused(id: string, refusal: string): void;
  /** The consult call started, changed phase or busy mark, or is gone (null). */
  consultChanged(id: string, consult: ConsultCall | null): void;
  recordingChanged(id: string, paused: boolean): void;
  conferenceJoined(id: string, party: string): void;
  dismissed(): void;
}

const allowedMoves: Readonly<Record<CallPhase, readonly CallPhase[]>> = {
  ringing: ['connecting', 'active', 'ended'],
  connecting: ['active', 'ended'],
  active: ['ended'],
  ended: [],
};

/**
 * The one place a call's phase changes. A move the diagram lacks (a late event from SIP.js, e.g. a BYE
 * after the call already ended) leaves the call as it was: the UI must never be thrown by the network.
 */
export function transition(call: CurrentCall, to: CallPhase): CurrentCall {
  return allowedMoves[call.phase].includes(to) ? { ...call, phase: to } : call;
}

export function createCallsActions(update: SliceUpdater<CallsState>): CallsActions {
  /** Changes the current call when it is the one named; events of other sessions are stale. */
  const onCall = (id: string, change: (call: CurrentCall) => CurrentCall) =>
    update((calls) => {
      if (calls.current?.id !== id) return calls;
      const next = change(calls.current);
      return next === calls.current ? calls : { current: next };
    });
  return {
    offered: (offer) =>
      update(() => ({
        current: {
          id: offer.id,
          serverCallId: offer.serverCallId,
          direction: offer.direction,
          remoteNumber: offer.remoteNumber,
          remoteName: offer.remoteName,
          phase: 'ringing',
          offeredAt: offer.at,
          answeredAt: null,
          endedAt: null,
          held: false,
          muted: false,
          busy: false,
          ending: null,
          refusal: null,
          context: offer.context ?? null,
          consult: null,
          recordingPaused: null,
          conferenceParties: [],
          progress: offer.direction === 'outgoing' ? 'calling' : null,
          dialRefusedWith: null,
          video: initialCallVideo,
        },
      })),
    answering: (id) => onCall(id, (call) => transition(call, 'connecting')),
    established: (id, at) =>
      onCall(id, (call) => {
        const next = transition(call, 'active');
        return next === call ? call : { ...next, answeredAt: at, progress: null };
      }),
    ended: (id, ending, at) =>
      onCall(id, (call) => {
        const next = transition(call, 'ended');
        return next === call
          ? call
          : { ...next, ending, endedAt: at, busy: false, held: false, consult: null };
      }),
    holdChanged: (id, held) =>
      onCall(id, (call) => (call.phase === 'active' ? { ...call, held, busy: false, refusal: null } : call)),
    muteChanged: (id, muted) => onCall(id, (call) => (call.phase === 'active' ? { ...call, muted } : call)),
    busyChanged: (id, busy) => onCall(id, (call) => (call.phase === 'ended' ? call : { ...call, busy })),
    refused: (id, refusal) =>
      onCall(id, (call) => ({
        ...call,
        busy: false,
        refusal,
        consult: call.consult ? { ...call.consult, busy: false } : null,
      })),
    consultChanged: (id, consult) =>
      onCall(id, (call) => (call.phase === 'active' || consult === null ? { ...call, consult } : call)),
    recordingChanged: (id, paused) =>
      onCall(id, (call) =>
        call.phase === 'active' ? { ...call, recordingPaused: paused, refusal: null } : call,
      ),
    conferenceJoined: (id, party) =>
      onCall(id, (call) =>
        call.phase === 'active' ? { ...call, conferenceParties: [...call.conferenceParties, party] } : call,
      ),
    ...createOutgoingAndVideoActions(onCall),
    dismissed: () => update((calls) => (calls.current?.phase === 'ended' ? { current: null } : calls)),
  };
}
