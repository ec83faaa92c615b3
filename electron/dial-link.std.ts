import { err, ok, type Result } from './result.std.js';

/**
 * Click-to-dial: turns a `tel:`, `sip:`, `sips:` or `callto:` link that the operating system handed to Tandem
 * (protocol handler) into what the softphone dials. Links come from CRMs, web pages and mail, so anything odd
 * is refused with a sentence rather than dialled half-understood.
 */
export const dialLinkSchemes = ['tel', 'sip', 'sips', 'callto'] as const;
export type DialLinkScheme = (typeof dialLinkSchemes)[number];

export interface DialRequest {
  /**
   * `number`: digits with an optional leading `+` (and `*`, `#` for service codes), separators removed;
   * `sip-address`: a SIP URI whose user part is a name rather than a number (`sip:alice@example.com`).
   */
  kind: 'number' | 'sip-address';
  /** What to dial: `+15550100`, `1002`, or `sip:alice@example.com`. */
  target: string;
  /** An extension to send as DTMF after the call is answered (`tel:+15550100;ext=42`), else `null`. */
  extension: string | null;
  scheme: DialLinkScheme;
}

const maximumLinkLength = 512;
const maximumDigits = 32;

/**
 * RFC 3966 section 5.1.1: "visual-separator = '-' / '.' / '(' / ')'"; people and CRMs also write spaces (and
 * encode them as %20), which we accept in the same role.
 */
const visualSeparators = /[-.() ]/g;
const phoneNumber = /^\+?[0-9*#]+$/;
const hasDigit = /[0-9]/;
/** RFC 3261 section 25.1 host: a name, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const sipHost =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
/** RFC 3261 section 25.1 user: unreserved characters, escapes and a few marks; never `@`, `:` or spaces. */
const sipUser = /^[a-z0-9\-_.!~*'()&=+$,/]+$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** True when `text` starts with a scheme this parser knows (whether or not the rest is valid). */
export function isDialLink(text: string): boolean {
  return schemeOf(text) !== null;
}

export function parseDialLink(text: string): Result<DialRequest> {
  if (text.length > maximumLinkLength) {
    return err(`the link is longer than ${maximumLinkLength} characters`);
  }
  const scheme = schemeOf(text);
  if (scheme === null) {
    return err('the link is not a tel:, sip:, sips: or callto: link');
  }
  const rest = text.trim().slice(scheme.length + 1);
  const decoded = percentDecode(rest);
  if (decoded === null) {
    return err('the link contains a broken %-escape');
  }
  if (controlCharacter.test(text) || controlCharacter.test(decoded)) {
    return err('the link contains control characters');
  }
  switch (scheme) {
    case 'tel':
      return parseTelephoneNumber(decoded, scheme);
    case 'callto':
      // callto: is Skype's and NetMeeting's scheme; both `callto:+4930...` and `callto://+4930...` occur.
      return parseTelephoneNumber(decoded.replace(/^\/\//, ''), scheme);
    case 'sip':
    case 'sips':
      return parseSipAddress(decoded, scheme);
  }
}

function schemeOf(text: string): DialLinkScheme | null {
  const match = /^\s*([a-z]+):/i.exec(text);
  const scheme = match?.[1]?.toLowerCase();
  return dialLinkSchemes.find((known) => known === scheme) ?? null;
}

/**
 * RFC 3966 section 3: "telephone-subscriber = global-number / local-number", each followed by parameters such
 * as `;ext=` and `;phone-context=`. We dial the number through our own server, so the phone context is ignored
 * and the extension is kept for the softphone to send once the call is answered.
 */
function parseTelephoneNumber(text: string, scheme: DialLinkScheme): Result<DialRequest> {
  const [numberPart = '', ...parameters] = text.split(';');
  const number = numberPart.replace(visualSeparators, '');
  if (number === '') {
    return err('the link has no number');
  }
  if (!phoneNumber.test(number) || !hasDigit.test(number)) {
    return err(`"${numberPart}" is not a telephone number`);
  }
  const digits = number.replace(/^\+/, '');
  if (digits.length > maximumDigits) {
    return err(`the number is longer than ${maximumDigits} digits`);
  }
  let extension: string | null = null;
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2);
    if (name.toLowerCase() === 'ext' || name.toLowerCase() === 'postd') {
      const cleaned = value.replace(visualSeparators, '');
      if (!/^[0-9*#]{1,16}$/.test(cleaned)) {
        return err(`"${value}" is not an extension`);
      }
      extension = cleaned;
    }
  }
  return ok({ kind: 'number', target: number, extension, scheme });
}

/**
 * RFC 3261 section 19.1.1: `sip:user:password@host:port;uri-parameters?headers`. A number in the user part
 * (`sip:1002@pbx`, `sip:+4930123@gw;user=phone`) is dialled as a number through our server; a name is dialled
 * as the SIP address it is. Passwords and headers are refused: a link must not make us send either.
 */
function parseSipAddress(text: string, scheme: DialLinkScheme): Result<DialRequest> {
  if (text.includes('?')) {
    return err('SIP links with headers (?...) are not dialled');
  }
  const at = text.lastIndexOf('@');
  if (at <= 0) {
    return err('the SIP link has no user@host');
  }
  const userPart = text.slice(0, at);
  const [hostPart = ''] = text.slice(at + 1).split(';');
  if (userPart.includes(':')) {
    return err('SIP links with a password are not dialled');
  }
  if (!sipHost.test(hostPart)) {
    return err(`"${hostPart}" is not a host name`);
  }
  const asNumber = userPart.replace(visualSeparators, '');
  if (phoneNumber.test(asNumber) && hasDigit.test(asNumber)) {
    if (asNumber.replace(/^\+/, '').length > maximumDigits) {
      return err(`the number is longer than ${maximumDigits} digits`);
    }
    return ok({ kind: 'number', target: asNumber, extension: null, scheme });
  }
  if (!sipUser.test(userPart)) {
    return err(`"${userPart}" is not a SIP user name`);
  }
  return ok({
    kind: 'sip-address',
    target: `${scheme}:${userPart}@${hostPart.toLowerCase()}`,
    extension: null,
    scheme,
  });
}

function percentDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
