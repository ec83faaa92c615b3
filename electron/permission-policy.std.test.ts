import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from './permission-policy.std.js';

const server = 'https://tandem.example.com';
const page = 'https://tandem.example.com/agent';

describe('isPermissionGranted', () => {
  it('lets the Tandem page use the microphone and camera for calls', () => {
    expect(
      isPermissionGranted({ permission: 'media', requestingUrl: page, mediaTypes: ['audio'] }, server),
    ).toBe(true);
    expect(
      isPermissionGranted(
        { permission: 'media', requestingUrl: page, mediaTypes: ['audio', 'video'] },
        server,
      ),
    ).toBe(true);
    expect(
      isPermissionGranted({ permission: 'media', requestingUrl: page, mediaTypes: ['unknown'] }, server),
    ).toBe(true);
  });

  it('refuses everything a softphone does not need', () => {
    for (const permission of [
      // The shell shows incoming-call notifications itself; the page does not need its own.
      'notifications',
      'geolocation',
      'display-capture',
      'usb',
      'midiSysex',
      'openExternal',
      'clipboard-read',
    ]) {
      expect(isPermissionGranted({ permission, requestingUrl: page }, server), permission).toBe(false);
    }
  });

  it('refuses the microphone to any page that is not the Tandem server', () => {
    expect(
      isPermissionGranted(
        { permission: 'media', requestingUrl: 'https://evil.example.com/', mediaTypes: ['audio'] },
        server,
      ),
    ).toBe(false);
    expect(
      isPermissionGranted({ permission: 'media', requestingUrl: '', mediaTypes: ['audio'] }, server),
    ).toBe(false);
  });
});
