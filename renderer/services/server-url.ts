/**
 * Which server the client talks to. In a browser the page came from the server itself, so it is the page's
 * origin; Electron (which loads the page from disk) will pass the configured server here.
 */
export function resolveServerBaseUrl(
  location: Pick<Location, 'origin' | 'protocol'>,
  configured?: string,
): string {
  if (configured !== undefined && configured !== '') return new URL(configured).origin;
  if (location.protocol === 'http:' || location.protocol === 'https:') return location.origin;
  throw new TypeError(`No Tandem server is configured for a page loaded from ${location.protocol}`);
}
