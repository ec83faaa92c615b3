/** What the desk's components may ask of the device service (device-service.ts). */
import type { DeviceRole } from '../../store/devices/actions.js';

export interface DeviceControls {
  /** Lists the devices again; with `askPermission`, opens the microphone once so that names show. */
  refresh(askPermission?: boolean): Promise<void>;
  /** Chooses a device for a role (null: the system default); a call in progress switches at once. */
  choose(role: DeviceRole, deviceId: string | null): Promise<void>;
  /** One second of 440 Hz on the speaker (or, for `ringer`, on the ringer device). */
  playTestTone(role: 'speaker' | 'ringer'): Promise<void>;
  /** Starts the microphone level meter (store: devices.microphoneLevel); returns the function that stops it. */
  startLevelMeter(): () => void;
}

export interface DeviceService extends DeviceControls {
  /** Stops following the store and the browser, and stops any sound. May be called twice. */
  stop(): void;
}
