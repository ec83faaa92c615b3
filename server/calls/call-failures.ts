/**
 * What the caller hears when the media plane cannot bridge a call: rtpengine refusing the SDP is a
 * 488 (no common codec, a transport it cannot offer); no rtpengine answering is a 503, after which
 * a trunk tries elsewhere or later.
 */
import { MediaPlaneUnavailableError } from '../sfu/media-plane-types.js';
import { NgChannelClosedError, NgCommandError, NgTimeoutError } from '../sfu/ng/ng-errors.js';
import type { CallEndReason } from './call-types.js';

export function mediaFailure(error: unknown): { status: number; reason: CallEndReason } {
  if (error instanceof NgCommandError) return { status: 488, reason: 'no-common-codec' };
  if (
    error instanceof MediaPlaneUnavailableError ||
    error instanceof NgTimeoutError ||
    error instanceof NgChannelClosedError
  ) {
    return { status: 503, reason: 'media-unavailable' };
  }
  return { status: 500, reason: 'failed' };
}

/** A final status to send the caller: a 4xx-6xx, anything else becomes 500. */
export function failureStatus(status: number): number {
  return status >= 400 && status <= 699 ? status : 500;
}
