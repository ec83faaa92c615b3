import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store.js';
import { selectActiveMicrophone, selectActiveRinger, selectActiveSpeaker } from './selectors.js';

const listing = {
  microphones: [{ id: 'mic-a', label: 'A' }],
  speakers: [
    { id: 'out-a', label: 'A' },
    { id: 'out-b', label: 'B' },
  ],
  labelled: true,
  outputSelectable: true,
};

describe('audio devices in the store', () => {
  it('use the system default until a device is chosen, and the choice while its device is listed', () => {
    const store = createTandemStore();
    const { devices } = store.getState().actions;
    devices.listed(listing);
    expect(selectActiveMicrophone(store.getState())).toBeNull();
    devices.chosen('microphone', 'mic-a');
    devices.chosen('speaker', 'out-a');
    devices.chosen('ringer', 'out-b');
    expect(selectActiveMicrophone(store.getState())).toBe('mic-a');
    expect(selectActiveSpeaker(store.getState())).toBe('out-a');
    expect(selectActiveRinger(store.getState())).toBe('out-b');
  });

  it('keep a choice whose device was unplugged, using the default meanwhile, and use it again when it is back', () => {
    const store = createTandemStore();
    const { devices } = store.getState().actions;
    devices.restored({ microphone: 'mic-a', speaker: 'out-b' });
    devices.listed({ ...listing, microphones: [], speakers: [{ id: 'out-a', label: 'A' }] });
    expect(selectActiveMicrophone(store.getState())).toBeNull();
    expect(selectActiveSpeaker(store.getState())).toBeNull();
    expect(store.getState().devices.microphoneId).toBe('mic-a');
    devices.listed(listing);
    expect(selectActiveMicrophone(store.getState())).toBe('mic-a');
    expect(selectActiveSpeaker(store.getState())).toBe('out-b');
  });

  it('clear a problem when the agent chooses again for that role, or when permission arrives', () => {
    const store = createTandemStore();
    const { devices } = store.getState().actions;
    devices.problem('speaker-failed');
    devices.chosen('microphone', null);
    expect(store.getState().devices.problem).toBe('speaker-failed');
    devices.chosen('speaker', null);
    expect(store.getState().devices.problem).toBeNull();
    devices.problem('permission-denied');
    devices.listed(listing);
    expect(store.getState().devices.problem).toBeNull();
  });

  it('keep the meter level between 0 and 1, and null when it stops', () => {
    const store = createTandemStore();
    const { devices } = store.getState().actions;
    devices.levelMeasured(1.7);
    expect(store.getState().devices.microphoneLevel).toBe(1);
    devices.levelMeasured(-1);
    expect(store.getState().devices.microphoneLevel).toBe(0);
    devices.levelMeasured(null);
    expect(store.getState().devices.microphoneLevel).toBeNull();
  });
});
