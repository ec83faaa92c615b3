import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import { selectActiveCall, selectEndedCall, selectPlacedCall, selectRingingCall } from './selectors.js';

const placed = {
  id: 'call-1',
  serverCallId: null,
  direction: 'outgoing' as const,
  remoteNumber: '1002',
  remoteName: 'Bob Agent',
  at: 1_000,
};

function placedCall() {
  const store = createTandemStore();
  store.getState().actions.calls.offered(placed);
  return store;
}

describe('a call the agent places', () => {
  it('is tried, rings at the far end, and is answered into the active call, never shown as ringing in', () => {
    const store = placedCall();
    const { calls } = store.getState().actions;
    expect(selectRingingCall(store.getState())).toBeNull();
    expect(selectPlacedCall(store.getState())).toMatchObject({ progress: 'calling' });
    // The call area shows it (and a call keeps the History view away) from the first moment.
    expect(selectActiveCall(store.getState())?.id).toBe('call-1');
    calls.dialProgress('call-1', 'ringing');
    expect(selectPlacedCall(store.getState())?.progress).toBe('ringing');
    calls.established('call-1', 3_000);
    expect(selectPlacedCall(store.getState())).toBeNull();
    expect(selectActiveCall(store.getState())).toMatchObject({
      phase: 'active',
      progress: null,
      answeredAt: 3_000,
    });
    // Late news of progress changes nothing once answered.
    const answered = store.getState().calls;
    calls.dialProgress('call-1', 'calling');
    calls.dialRefused('call-1', 486);
    expect(store.getState().calls).toBe(answered);
  });

  it('keeps the status it was refused with, also when SIP.js ended the session first', () => {
    const store = placedCall();
    const { calls } = store.getState().actions;
    calls.ended('call-1', 'failed', 2_000);
    calls.dialRefused('call-1', 403);
    calls.dialRefused('call-1', 500);
    expect(selectEndedCall(store.getState())).toMatchObject({ ending: 'failed', dialRefusedWith: 403 });
  });

  it('learns the server’s id for the placed call once, from its first answer that carries it', () => {
    const store = placedCall();
    const { calls } = store.getState().actions;
    expect(store.getState().calls.current).toMatchObject({ serverCallId: null });
    calls.serverCallIdKnown('call-1', 'c-42');
    calls.serverCallIdKnown('call-1', 'c-other');
    calls.serverCallIdKnown('call-9', 'c-stale');
    expect(store.getState().calls.current).toMatchObject({ serverCallId: 'c-42' });
  });

  it('leaves incoming calls alone', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered({ ...placed, direction: 'incoming' });
    calls.dialProgress('call-1', 'ringing');
    calls.dialRefused('call-1', 486);
    expect(store.getState().calls.current).toMatchObject({ progress: null, dialRefusedWith: null });
  });
});

describe('video on the call', () => {
  function talking() {
    const store = placedCall();
    store.getState().actions.calls.established('call-1', 2_000);
    return store;
  }
  const video = (store: ReturnType<typeof talking>) => store.getState().calls.current!.video;

  it('turns the camera on and off through its states, and lists the far end video by m-line', () => {
    const store = talking();
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'camera', 'starting');
    calls.videoSendChanged('call-1', 'camera', 'on');
    calls.remoteVideoChanged('call-1', ['1']);
    expect(video(store)).toMatchObject({ camera: 'on', screen: 'off', remoteVideos: ['1'], problem: null });
    calls.videoSendChanged('call-1', 'camera', 'stopping');
    calls.videoSendChanged('call-1', 'camera', 'off');
    expect(video(store).camera).toBe('off');
  });

  it('refuses moves the diagram lacks, and keeps "unavailable" for the rest of the call', () => {
    const store = talking();
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'screen', 'on'); // not from off
    expect(video(store).screen).toBe('off');
    calls.videoSendChanged('call-1', 'camera', 'starting');
    calls.videoSendChanged('call-1', 'camera', 'unavailable');
    calls.videoSendChanged('call-1', 'camera', 'starting');
    expect(video(store).camera).toBe('unavailable');
  });

  it('says what failed when a move went back to off', () => {
    const store = talking();
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'screen', 'starting');
    calls.videoSendChanged('call-1', 'screen', 'off', 'screen-failed');
    expect(video(store)).toMatchObject({ screen: 'off', problem: 'screen-failed' });
    calls.videoSendChanged('call-1', 'screen', 'starting');
    expect(video(store).problem).toBeNull();
  });

  it('has nothing to change before the answer, and no new list for the same mids', () => {
    const store = placedCall();
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'camera', 'starting');
    expect(video(store).camera).toBe('off');
    calls.established('call-1', 2_000);
    calls.remoteVideoChanged('call-1', ['1', '2']);
    const before = store.getState().calls;
    calls.remoteVideoChanged('call-1', ['1', '2']);
    expect(store.getState().calls).toBe(before);
  });
});
