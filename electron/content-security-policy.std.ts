/**
 * The Content-Security-Policy that the main process adds to every response shown in the Tandem window, on top
 * of whatever the server sends (browsers enforce every policy they receive, so ours can only tighten).
 *
 * The renderer is a Vite build: scripts and styles come from files on the server, never inline, and nothing
 * is evaluated from strings. The server's WebSocket (SIP over WSS and agent events) is the only connection.
 */
export interface ContentSecurityPolicyOptions {
  /** `scheme://host:port` of the Tandem server. */
  serverOrigin: string;
  /** More sources for `connect-src`, e.g. a SIP WebSocket on another host. */
  extraConnectSources?: readonly string[];
}

export const contentSecurityPolicyHeader = 'Content-Security-Policy';

export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions): string {
  const server = new URL(options.serverOrigin);
  const webSocketOrigin = `${server.protocol === 'https:' ? 'wss:' : 'ws:'}//${server.host}`;
  const directives: ReadonlyArray<readonly [string, ...string[]]> = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    // Ringtones and prompts from the server; remote call audio arrives as a MediaStream, which CSP does not see.
    ['media-src', "'self'", 'blob:'],
    ['connect-src', "'self'", webSocketOrigin, ...(options.extraConnectSources ?? [])],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/**
 * Response headers with `policy` added. An existing policy from the server is kept (whatever the spelling
 * of its header name), so the page gets the stricter combination of both.
 */
export function withContentSecurityPolicy(
  headers: Readonly<Record<string, string | readonly string[]>> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  let policyHeaderName = contentSecurityPolicyHeader;
  for (const [name, value] of Object.entries(headers ?? {})) {
    result[name] = typeof value === 'string' ? [value] : [...value];
    if (name.toLowerCase() === contentSecurityPolicyHeader.toLowerCase()) {
      policyHeaderName = name;
    }
  }
  result[policyHeaderName] = [...(result[policyHeaderName] ?? []), policy];
  return result;
}
