/**
 * The agent's audio devices: what the browser lists, what the agent chose for the microphone, the speaker
 * (the call's far end) and the ringer (the ringtone), and the microphone's level while the settings are open.
 * A choice is a device id, or null for the system default; it is remembered even while its device is
 * unplugged, and the default is used meanwhile (see selectors.ts).
 */

export interface AudioDevice {
  readonly id: string;
  /** Empty until the agent allowed the microphone once (browsers hide names before that). */
  readonly label: string;
}

/** What went wrong with devices, for a short message in the settings. */
export type DeviceProblem =
  | 'unsupported' // no navigator.mediaDevices (an insecure page)
  | 'permission-denied'
  | 'microphone-failed' // the chosen microphone could not be opened
  | 'speaker-failed'; // setSinkId refused the chosen output

export interface DevicesState {
  readonly microphones: readonly AudioDevice[];
  readonly speakers: readonly AudioDevice[];
  readonly microphoneId: string | null;
  readonly speakerId: string | null;
  readonly ringerId: string | null;
  /** Whether the browser can send audio to a chosen output (HTMLMediaElement.setSinkId). */
  readonly outputSelectable: boolean;
  /** Device names are known (microphone permission given). */
  readonly labelled: boolean;
  readonly problem: DeviceProblem | null;
  /** 0..1 while the level meter runs, else null. */
  readonly microphoneLevel: number | null;
}

export const initialDevicesState: DevicesState = {
  microphones: [],
  speakers: [],
  microphoneId: null,
  speakerId: null,
  ringerId: null,
  outputSelectable: false,
  labelled: false,
  problem: null,
  microphoneLevel: null,
};
