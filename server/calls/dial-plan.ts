/**
 * What a dialled number means: the user part of the Request-URI (or of To, for trunks that put a
 * bare host in the Request-URI) normalised to E.164 and looked up among the tenant's numbers.
 */
import { isSipUri, type SipRequest } from '../sip/message/index.js';
import type { PhoneNumber, PhoneNumberRepository } from '../store/store-types.js';

/** `+15550101`, `15550101`, `tel:+1-555-0101` -> `+15550101`; null when it is no number at all. */
export function normaliseE164(dialled: string): string | null {
  const digits = dialled.replace(/[\s().-]/g, '');
  if (!/^\+?\d{3,15}$/.test(digits)) return null;
  return digits.startsWith('+') ? digits : `+${digits}`;
}

export function dialledNumber(request: SipRequest): string | null {
  for (const uri of [request.uri, request.to.uri]) {
    if (isSipUri(uri) && uri.user) {
      const number = normaliseE164(decodeURIComponent(uri.user.split(';')[0]!));
      if (number) return number;
    }
  }
  return null;
}

export class DialPlan {
  constructor(private readonly numbers: PhoneNumberRepository) {}

  resolve(request: SipRequest): { number: string; entry: PhoneNumber } | null {
    const number = dialledNumber(request);
    if (!number) return null;
    const entry = this.numbers.find(number);
    return entry ? { number, entry } : null;
  }
}
