/**
 * The browser's devices (`navigator.mediaDevices.enumerateDevices()`) as the settings list them: audio
 * inputs and outputs, without the "default" and "communications" aliases Chromium adds (the settings offer
 * "System default" themselves), without the placeholder entries a browser lists before the microphone is
 * allowed (empty ids), and with the same device listed once.
 */
import type { DeviceListing } from '../../store/devices/actions.js';
import type { AudioDevice } from '../../store/devices/initial-state.js';

export type DeviceInfo = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

const ALIASES = new Set(['default', 'communications', '']);

export function listAudioDevices(infos: readonly DeviceInfo[], outputSelectable: boolean): DeviceListing {
  const of = (kind: MediaDeviceKind): AudioDevice[] => {
    const seen = new Set<string>();
    return infos.flatMap((info) => {
      if (info.kind !== kind || ALIASES.has(info.deviceId) || seen.has(info.deviceId)) return [];
      seen.add(info.deviceId);
      return [{ id: info.deviceId, label: info.label }];
    });
  };
  const microphones = of('audioinput');
  return {
    microphones,
    speakers: outputSelectable ? of('audiooutput') : [],
    // Names come with permission: then every real input has one.
    labelled: microphones.length > 0 && microphones.every((device) => device.label !== ''),
    outputSelectable,
  };
}
