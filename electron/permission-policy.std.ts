import { isServerUrl } from './navigation-policy.std.js';

/**
 * Which browser permissions the Tandem window gets. A softphone needs the microphone (and the camera for video
 * calls); everything else (geolocation, MIDI, USB, screen capture, ...) is refused, and so is any request from
 * a page that is not the Tandem server. Incoming-call notifications are the shell's own (through the bridge,
 * `calls.showIncoming`), so the page needs no web-notification permission either.
 */
export const grantedPermissions: readonly string[] = ['media'];

export interface PermissionQuestion {
  /** Electron's permission name: `media`, `notifications`, `geolocation`, ... */
  permission: string;
  /** URL of the frame asking (`details.requestingUrl`, or the origin for permission checks). */
  requestingUrl: string;
  /** For `media`: the devices asked for; `unknown` when Chromium only checks, e.g. to label devices. */
  mediaTypes?: readonly string[];
}

const grantedMediaTypes: readonly string[] = ['audio', 'video', 'unknown'];

export function isPermissionGranted(question: PermissionQuestion, serverOrigin: string): boolean {
  if (!grantedPermissions.includes(question.permission)) {
    return false;
  }
  if (!isServerUrl(question.requestingUrl, serverOrigin)) {
    return false;
  }
  if (question.permission === 'media') {
    return (question.mediaTypes ?? []).every((mediaType) => grantedMediaTypes.includes(mediaType));
  }
  return true;
}
