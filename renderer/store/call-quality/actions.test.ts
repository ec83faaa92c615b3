import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import { selectLiveQuality } from './selectors.js';

describe('live call quality in the store', () => {
  it("shows the current call's latest sample with its level, and nothing once cleared", () => {
    const store = createTandemStore();
    const { calls, callQuality } = store.getState().actions;
    calls.offered({
      id: 'call-1',
      serverCallId: null,
      direction: 'incoming',
      remoteNumber: '+1',
      remoteName: null,
      at: 0,
    });
    calls.established('call-1', 1);
    expect(selectLiveQuality(store.getState())).toBeNull();
    callQuality.sampled('call-1', { roundTripMs: 20, jitterMs: 2, lossPercent: 0, mos: 4.38 });
    expect(selectLiveQuality(store.getState())).toEqual({
      roundTripMs: 20,
      jitterMs: 2,
      lossPercent: 0,
      mos: 4.38,
      level: 'good',
    });
    callQuality.sampled('call-1', { roundTripMs: 20, jitterMs: 30, lossPercent: 8, mos: 3.2 });
    expect(selectLiveQuality(store.getState())?.level).toBe('poor');
    callQuality.cleared();
    expect(selectLiveQuality(store.getState())).toBeNull();
  });
});
