/** The agent's device choices, remembered between sessions (device ids only: they name no person). */
import type { DeviceRole } from '../../store/devices/actions.js';

export type DeviceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const deviceStorageKeys: Readonly<Record<DeviceRole, string>> = {
  microphone: 'tandem.device.microphone',
  speaker: 'tandem.device.speaker',
  ringer: 'tandem.device.ringer',
};

const roles = Object.keys(deviceStorageKeys) as DeviceRole[];

export function loadDeviceChoices(storage: DeviceStorage | undefined): Partial<Record<DeviceRole, string>> {
  const choices: Partial<Record<DeviceRole, string>> = {};
  for (const role of roles) {
    try {
      const value = storage?.getItem(deviceStorageKeys[role]);
      if (typeof value === 'string' && value !== '' && value.length <= 512) choices[role] = value;
    } catch {
      // Storage may refuse access; the default devices serve.
    }
  }
  return choices;
}

export function saveDeviceChoice(
  storage: DeviceStorage | undefined,
  role: DeviceRole,
  deviceId: string | null,
) {
  try {
    if (deviceId === null) storage?.removeItem(deviceStorageKeys[role]);
    else storage?.setItem(deviceStorageKeys[role], deviceId);
  } catch {
    // Full or disabled storage: the choice lasts for this session only.
  }
}
