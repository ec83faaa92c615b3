import { z } from 'zod';
import { desktopLocaleOf } from './desktop-status.std.js';
import { desktopStrings, fillIn } from './desktop-strings.std.js';

/**
 * The OS notification for a ringing call: what the page reports about the call, checked, and the text shown.
 * Caller names come from the caller's own SIP From header, so they are cleaned of control and bidirectional
 * override characters (which could make a notification read differently from what it says) and shortened.
 */
export const incomingCallSchema = z.strictObject({
  callId: z.string().min(1).max(128),
  callerNumber: z.string().max(256),
  callerName: z.string().max(256).nullable(),
  queueName: z.string().max(256).nullable(),
});

export type IncomingCall = z.output<typeof incomingCallSchema>;

export interface IncomingCallNotification {
  title: string;
  body: string;
}

const maximumShownLength = 80;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function cleanForDisplay(text: string): string {
  const cleaned = text.replace(unsafeCharacters, '').replace(/\s+/g, ' ').trim();
  return cleaned.length > maximumShownLength ? `${cleaned.slice(0, maximumShownLength - 1)}…` : cleaned;
}

export function buildIncomingCallNotification(call: IncomingCall, locale: string): IncomingCallNotification {
  const strings = desktopStrings[desktopLocaleOf(locale)];
  const number = cleanForDisplay(call.callerNumber);
  const name = cleanForDisplay(call.callerName ?? '');
  const caller =
    name !== '' && number !== '' && name !== number
      ? `${name} (${number})`
      : name || number || strings.unknownCaller;
  const queue = cleanForDisplay(call.queueName ?? '');
  return {
    title: strings.incomingCall,
    body:
      queue === ''
        ? fillIn(strings.incomingCallFrom, { caller })
        : fillIn(strings.incomingCallFromQueue, { caller, queue }),
  };
}
