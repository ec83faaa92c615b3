/**
 * What the Tandem window may load and what it may hand to the operating system. The window shows the Tandem
 * server and nothing else; links elsewhere open in the agent's own browser or mail/phone app, and only for the
 * schemes below (Element Desktop `src/electron-main.ts`, Electron security checklist items 13 and 14).
 */

/** Schemes that `shell.openExternal` may receive. `file:`, `smb:`, `ms-*:` and friends can run code: never. */
export const externalSchemes: readonly string[] = ['http:', 'https:', 'mailto:', 'tel:'];

const maximumExternalUrlLength = 2048;

export type NavigationDecision =
  | { kind: 'allow' }
  | { kind: 'deny' }
  /** Deny in the window, but open the address in the system's browser or mail/phone app. */
  | { kind: 'open-externally'; url: string };

/** True when `url` belongs to the Tandem server (same scheme, host and port). */
export function isServerUrl(url: string, serverOrigin: string): boolean {
  const parsed = parseOrNull(url);
  return parsed !== null && parsed.origin !== 'null' && parsed.origin === serverOrigin;
}

/** True when `url` may be given to `shell.openExternal`. */
export function isExternalUrlAllowed(url: string): boolean {
  if (url.length > maximumExternalUrlLength) {
    return false;
  }
  const parsed = parseOrNull(url);
  if (parsed === null || !externalSchemes.includes(parsed.protocol)) {
    return false;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    // `https://bank.example@evil.example` reads as one site and opens another.
    return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  }
  return true;
}

/** `will-navigate`: the server's own pages stay in the window, allowed external links go to the system. */
export function decideNavigation(url: string, serverOrigin: string): NavigationDecision {
  if (isServerUrl(url, serverOrigin)) {
    return { kind: 'allow' };
  }
  return isExternalUrlAllowed(url) ? { kind: 'open-externally', url } : { kind: 'deny' };
}

/**
 * `will-redirect`: a redirect is not something the agent clicked, so a redirect away from the server is only
 * refused, never opened elsewhere.
 */
export function decideRedirect(url: string, serverOrigin: string): NavigationDecision {
  return isServerUrl(url, serverOrigin) ? { kind: 'allow' } : { kind: 'deny' };
}

/** `window.open` and `target=_blank`: Tandem has one window, so never a new one; external links go out. */
export function decideWindowOpen(url: string): NavigationDecision {
  return isExternalUrlAllowed(url) ? { kind: 'open-externally', url } : { kind: 'deny' };
}

function parseOrNull(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
