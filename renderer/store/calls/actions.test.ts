import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import { selectActiveCall, selectEndedCall, selectRingingCall, talkSeconds } from './selectors.js';

const offer = {
  id: 'call-1',
  serverCallId: 'c-1',
  direction: 'incoming' as const,
  remoteNumber: '+4930111222',
  remoteName: 'Ada',
  at: 1_000,
};

describe('the current call', () => {
  it('rings, connects, is answered, holds, mutes and ends, with a timer from the answer', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered(offer);
    expect(selectRingingCall(store.getState())?.remoteNumber).toBe('+4930111222');
    calls.answering('call-1');
    expect(selectActiveCall(store.getState())?.phase).toBe('connecting');
    calls.established('call-1', 2_000);
    calls.holdChanged('call-1', true);
    calls.muteChanged('call-1', true);
    const active = selectActiveCall(store.getState());
    expect(active).toMatchObject({ phase: 'active', held: true, muted: true });
    expect(talkSeconds(active!, 65_500)).toBe(63);
    calls.ended('call-1', 'local-hangup', 70_000);
    expect(selectEndedCall(store.getState())).toMatchObject({ ending: 'local-hangup', held: false });
    expect(talkSeconds(selectEndedCall(store.getState())!, 999_999)).toBe(68);
  });

  it('ignores late and foreign news: a second end, or events of another session', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered(offer);
    calls.ended('call-1', 'missed', 3_000);
    const ended = store.getState().calls;
    calls.ended('call-1', 'remote-hangup', 4_000);
    calls.established('call-1', 5_000);
    calls.holdChanged('call-9', true);
    expect(store.getState().calls).toBe(ended);
  });

  it('is dismissed only once it has ended', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered(offer);
    calls.dismissed();
    expect(store.getState().calls.current).not.toBeNull();
    calls.ended('call-1', 'declined', 2_000);
    calls.dismissed();
    expect(store.getState().calls.current).toBeNull();
  });

  it('keeps a refusal to show and clears the busy mark', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered(offer);
    calls.established('call-1', 2_000);
    calls.busyChanged('call-1', true);
    calls.refused('call-1', 'transfer');
    expect(store.getState().calls.current).toMatchObject({ busy: false, refusal: 'transfer' });
  });

  it('keeps the queue context, a consult call, the recording pause and conference parties while talking', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    const context = { queue: 'sales', waitedSeconds: 12, ivrChoices: ['main-menu=1'] };
    calls.offered({ ...offer, context });
    expect(store.getState().calls.current).toMatchObject({
      context,
      consult: null,
      recordingPaused: null,
      conferenceParties: [],
    });
    // Nothing of this before the call is up.
    calls.consultChanged('call-1', { target: 'bob', phase: 'calling', busy: false });
    calls.recordingChanged('call-1', true);
    expect(store.getState().calls.current).toMatchObject({ consult: null, recordingPaused: null });
    calls.established('call-1', 2_000);
    calls.consultChanged('call-1', { target: 'bob', phase: 'talking', busy: true });
    calls.recordingChanged('call-1', true);
    calls.conferenceJoined('call-1', '1002');
    calls.refused('call-1', 'transfer');
    expect(store.getState().calls.current).toMatchObject({
      consult: { target: 'bob', phase: 'talking', busy: false },
      recordingPaused: true,
      conferenceParties: ['1002'],
      refusal: 'transfer',
    });
    calls.ended('call-1', 'transferred', 9_000);
    expect(store.getState().calls.current).toMatchObject({ consult: null, context, ending: 'transferred' });
  });
});
