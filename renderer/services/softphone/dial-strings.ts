/** What the agent types into the keypad and the transfer box, checked and turned into SIP. */

const DIGITS = /^[0-9A-D#*]+$/;

export function checkDigits(digits: string): string {
  const upper = digits.toUpperCase();
  if (!DIGITS.test(upper)) throw new TypeError(`not DTMF digits: ${JSON.stringify(digits)}`);
  return upper;
}

export function dtmfRelayBody(digit: string, durationMs = 160): string {
  return `Signal=${digit}\r\nDuration=${durationMs}`;
}

/**
 * The SIP URI a transfer goes to: a SIP URI as it is; an extension or a number (spaces, dashes, dots and
 * brackets removed, a leading `+` kept) at the agent's domain.
 */
export function transferUri(target: string, domain: string): string {
  const trimmed = target.trim();
  if (/^sips?:/i.test(trimmed)) return trimmed;
  const dialled = trimmed.replace(/[\s\-().]/g, '');
  if (!/^\+?[0-9A-Za-z*#_.]+$/.test(dialled)) throw new TypeError(`not a number or extension: ${target}`);
  return `sip:${dialled}@${domain}`;
}
