import { describe, expect, it } from 'vitest';
import { listAudioDevices } from './device-list.js';
import { deviceStorageKeys, loadDeviceChoices, saveDeviceChoice } from './device-preferences.js';
import { meterLevel, rmsOf } from './microphone-level.js';
import { patternLengthMs, RINGTONE, TEST_TONE } from './tone-player.js';

describe('the devices the settings list', () => {
  it("keeps audio inputs and outputs, without Chromium's aliases, cameras or repeats", () => {
    const listing = listAudioDevices(
      [
        { deviceId: 'default', kind: 'audioinput', label: 'Default - Fake Default Audio Input' },
        { deviceId: 'communications', kind: 'audioinput', label: 'Communications' },
        { deviceId: 'in-1', kind: 'audioinput', label: 'Fake Audio Input 1' },
        { deviceId: 'in-1', kind: 'audioinput', label: 'Fake Audio Input 1' },
        { deviceId: 'cam', kind: 'videoinput', label: 'Camera' },
        { deviceId: 'out-1', kind: 'audiooutput', label: 'Fake Audio Output 1' },
      ],
      true,
    );
    expect(listing).toEqual({
      microphones: [{ id: 'in-1', label: 'Fake Audio Input 1' }],
      speakers: [{ id: 'out-1', label: 'Fake Audio Output 1' }],
      labelled: true,
      outputSelectable: true,
    });
  });

  it('knows the names are hidden before permission, and offers no outputs where none can be chosen', () => {
    const listing = listAudioDevices(
      [
        { deviceId: '', kind: 'audioinput', label: '' },
        { deviceId: 'in-1', kind: 'audioinput', label: '' },
        { deviceId: 'out-1', kind: 'audiooutput', label: '' },
      ],
      false,
    );
    expect(listing).toMatchObject({
      microphones: [{ id: 'in-1', label: '' }],
      speakers: [],
      labelled: false,
    });
    expect(listAudioDevices([], true).labelled).toBe(false);
  });
});

describe('remembered device choices', () => {
  it('come back in the next session, and a default choice forgets the device', () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
      removeItem: (key: string) => void saved.delete(key),
    };
    saveDeviceChoice(storage, 'microphone', 'mic-a');
    saveDeviceChoice(storage, 'ringer', 'out-b');
    expect(loadDeviceChoices(storage)).toEqual({ microphone: 'mic-a', ringer: 'out-b' });
    saveDeviceChoice(storage, 'microphone', null);
    expect(saved.has(deviceStorageKeys.microphone)).toBe(false);
  });

  it('survive storage that refuses access', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadDeviceChoices(refusing)).toEqual({});
    expect(() => saveDeviceChoice(refusing, 'speaker', 'x')).not.toThrow();
  });
});

describe('the level meter and the tones', () => {
  it('reads silence as 0, full scale as 1, and a -20 dBFS tone two thirds up', () => {
    expect(meterLevel(rmsOf(new Float32Array(128)))).toBe(0);
    expect(meterLevel(rmsOf(new Float32Array(128).fill(1)))).toBe(1);
    const tone = Float32Array.from(
      { length: 800 },
      (_, i) => 0.1 * Math.SQRT2 * Math.sin((2 * Math.PI * 440 * i) / 8000),
    );
    expect(rmsOf(tone)).toBeCloseTo(0.1, 3);
    expect(meterLevel(rmsOf(tone))).toBeCloseTo(2 / 3, 2);
  });

  it('ring in a repeating double ring, and test for one second', () => {
    expect(patternLengthMs(RINGTONE)).toBe(3_000);
    expect(RINGTONE.repeat).toBe(true);
    expect(patternLengthMs(TEST_TONE)).toBe(1_000);
    expect(TEST_TONE.repeat).toBe(false);
  });
});
