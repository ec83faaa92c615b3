import type { AudioDevice, DevicesState } from './initial-state.js';

interface WithDevices {
  readonly devices: DevicesState;
}

/** The chosen device when the browser lists it now, else null (the system default). */
const present = (devices: readonly AudioDevice[], id: string | null): string | null =>
  id !== null && devices.some((device) => device.id === id) ? id : null;

export const selectDevices = (state: WithDevices): DevicesState => state.devices;
/** The microphone calls use now. */
export const selectActiveMicrophone = (state: WithDevices): string | null =>
  present(state.devices.microphones, state.devices.microphoneId);
export const selectActiveSpeaker = (state: WithDevices): string | null =>
  present(state.devices.speakers, state.devices.speakerId);
export const selectActiveRinger = (state: WithDevices): string | null =>
  present(state.devices.speakers, state.devices.ringerId);
export const selectMicrophoneLevel = (state: WithDevices): number | null => state.devices.microphoneLevel;
