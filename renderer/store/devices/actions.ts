import type { SliceUpdater } from '../slice-types.js';
import type { AudioDevice, DeviceProblem, DevicesState } from './initial-state.js';

export interface DeviceListing {
  readonly microphones: readonly AudioDevice[];
  readonly speakers: readonly AudioDevice[];
  readonly labelled: boolean;
  readonly outputSelectable: boolean;
}

export type DeviceRole = 'microphone' | 'speaker' | 'ringer';

export interface DevicesActions {
  listed(listing: DeviceListing): void;
  /** The agent's choice for a role (null: the system default); a problem of that role is cleared. */
  chosen(role: DeviceRole, deviceId: string | null): void;
  /** Choices remembered from an earlier session. */
  restored(choices: Partial<Record<DeviceRole, string | null>>): void;
  problem(problem: DeviceProblem | null): void;
  levelMeasured(level: number | null): void;
}

const choiceKey = { microphone: 'microphoneId', speaker: 'speakerId', ringer: 'ringerId' } as const;
const problemOf: Record<DeviceRole, DeviceProblem> = {
  microphone: 'microphone-failed',
  speaker: 'speaker-failed',
  ringer: 'speaker-failed',
};

export function createDevicesActions(update: SliceUpdater<DevicesState>): DevicesActions {
  return {
    listed: (listing) =>
      update((state) => ({
        ...state,
        microphones: listing.microphones,
        speakers: listing.speakers,
        labelled: listing.labelled,
        outputSelectable: listing.outputSelectable,
        problem: listing.labelled && state.problem === 'permission-denied' ? null : state.problem,
      })),
    chosen: (role, deviceId) =>
      update((state) => ({
        ...state,
        [choiceKey[role]]: deviceId,
        problem: state.problem === problemOf[role] ? null : state.problem,
      })),
    restored: (choices) =>
      update((state) => {
        const next = { ...state };
        for (const role of Object.keys(choices) as DeviceRole[]) {
          const value = choices[role];
          if (value !== undefined) next[choiceKey[role]] = value;
        }
        return next;
      }),
    problem: (problem) => update((state) => (state.problem === problem ? state : { ...state, problem })),
    levelMeasured: (level) =>
      update((state) =>
        state.microphoneLevel === level
          ? state
          : { ...state, microphoneLevel: level === null ? null : Math.min(1, Math.max(0, level)) },
      ),
  };
}
