/**
 * What every request Tandem sends over the Direct Routing trunk must look like, as pure functions.
 * The rules come from Microsoft's Direct Routing documentation ("Plan Direct Routing", "Direct
 * Routing SIP protocol") as summarised in DESIGN.md:
 * - Contact carries the SBC FQDN, never an IP (Microsoft answers 403 to an IP there);
 * - the Request-URI is `sip:+E164@<proxy>;user=phone` and From starts with `+`;
 * - `X-MS-SBC: <vendor>/<model>/<version>` identifies the SBC;
 * - REFER is listed in Allow: Teams transfers by sending REFER to the SBC.
 */
import { isIP } from 'node:net';

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Methods Tandem answers on the trunk; REFER must be there (Teams transfers by REFER). */
export const ALLOW_TOWARD_TEAMS: readonly string[] = [
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'REFER',
  'NOTIFY',
  'UPDATE',
  'INFO',
];

/** Checks a fully qualified domain name (the SBC's or a proxy's); refuses IPs and bare labels. */
export function checkFqdn(name: string, what: string): string {
  if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) {
    throw new TypeError(`${what} must be a fully qualified domain name, not an IP address: ${name}`);
  }
  if (!HOSTNAME.test(name)) throw new TypeError(`${what} is not a fully qualified domain name: ${name}`);
  return name.toLowerCase();
}

/**
 * A Microsoft proxy's name: a fully qualified domain name, or `localhost` for a stand-in proxy on this
 * machine (tests, a lab); never an IP address (resolved by name, checked by name in TLS).
 */
export function checkProxyName(name: string): string {
  return name.toLowerCase() === 'localhost' ? 'localhost' : checkFqdn(name, 'a Microsoft proxy');
}

/** `<sip:sbc.contoso.com:5061;transport=tls>`: the Contact of every request and answer on the trunk. */
export function sbcContact(fqdn: string, port: number): string {
  checkPort(port);
  return `<sip:${checkFqdn(fqdn, 'the SBC name in Contact')}:${port};transport=tls>`;
}

/** `Tandem/<component>/<version>`, the X-MS-SBC value. */
export function xMsSbcValue(component: string, version: string): string {
  for (const [what, value] of [
    ['component', component],
    ['version', version],
  ] as const) {
    if (!/^[A-Za-z0-9._+-]+$/.test(value)) throw new TypeError(`X-MS-SBC ${what} must be a token: ${value}`);
  }
  return `Tandem/${component}/${version}`;
}

/**
 * A number in E.164 with its `+`. Spaces, dots, dashes and brackets are dropped; a number without
 * `+` is taken as already international (`0044...` style prefixes are the dial plan's business).
 */
export function toE164(number: string): string {
  const compact = number.replace(/[\s.\-()]/g, '');
  const digits = compact.startsWith('+') ? compact.slice(1) : compact;
  if (!/^[1-9]\d{1,14}$/.test(digits)) {
    throw new TypeError(`not a phone number in E.164 (up to 15 digits, no leading 0): ${number}`);
  }
  return `+${digits}`;
}

/** `sip:+14255550100@sip.pstnhub.microsoft.com:5061;user=phone`: where an INVITE toward Teams goes. */
export function teamsRequestUri(number: string, proxy: { name: string; port: number }): string {
  checkPort(proxy.port);
  return `sip:${toE164(number)}@${checkProxyName(proxy.name)}:${proxy.port};user=phone`;
}

/** `<sip:+14255550100@sbc.contoso.com;user=phone>`: the caller as Teams must see it (From with `+`). */
export function teamsFromAddress(number: string, sbcFqdn: string, displayName?: string): string {
  const uri = `<sip:${toE164(number)}@${checkFqdn(sbcFqdn, 'the SBC name in From')};user=phone>`;
  if (displayName === undefined || displayName === '') return uri;
  return `"${displayName.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}" ${uri}`;
}

export interface SbcIdentity {
  fqdn: string;
  port: number;
  component: string;
  version: string;
}

/** Headers every request and answer Tandem sends on the trunk carries (User-Agent / Server aside). */
export function trunkHeaders(sbc: SbcIdentity): [string, string][] {
  return [
    ['Contact', sbcContact(sbc.fqdn, sbc.port)],
    ['X-MS-SBC', xMsSbcValue(sbc.component, sbc.version)],
    ['Allow', ALLOW_TOWARD_TEAMS.join(', ')],
  ];
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`not a port number: ${port}`);
}
