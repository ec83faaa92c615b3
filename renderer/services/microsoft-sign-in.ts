/**
 * The browser's Microsoft sign-in, page side. The server runs the redirect flow (authorization code + PKCE,
 * server/api/microsoft-sign-in-api.ts): the page only goes to `/api/sign-in/microsoft/start`, and comes back
 * to `/#microsoft-sign-in=<ticket>` (or `#microsoft-sign-in-error=<code>`). The ticket is exchanged once for
 * the agent's Tandem credentials, which then sign in as a local agent's password does. No Microsoft token
 * ever reaches the page.
 */
import type { FetchLike } from './agent-api.js';

export type MicrosoftReturn =
  | { readonly kind: 'ticket'; readonly ticket: string }
  | { readonly kind: 'error'; readonly code: string }
  | null;

/** What the URL fragment says about a sign-in that just came back, if anything. */
export function microsoftReturnOf(hash: string): MicrosoftReturn {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const ticket = params.get('microsoft-sign-in');
  if (ticket && /^[\w-]{16,128}$/.test(ticket)) return { kind: 'ticket', ticket };
  const code = params.get('microsoft-sign-in-error');
  if (code !== null) return { kind: 'error', code: /^[\w-]{1,40}$/.test(code) ? code : 'failed' };
  return null;
}

export function microsoftStartUrl(server: string): string {
  return `${server}/api/sign-in/microsoft/start`;
}

/** Whether the server offers Microsoft sign-in (its client configuration says so); false when unsure. */
export async function microsoftSignInOffered(server: string, fetch: FetchLike): Promise<boolean> {
  try {
    const response = await fetch(`${server}/api/client-config`, { headers: { accept: 'application/json' } });
    if (!response.ok) return false;
    const body = (await response.json()) as { microsoftSignIn?: unknown };
    return body.microsoftSignIn === true;
  } catch {
    return false;
  }
}

/** The credentials kept under the ticket; rejects with the server's reason (`no-agent`, `unknown-ticket`, ...). */
export async function collectMicrosoftSignIn(
  server: string,
  ticket: string,
  fetch: FetchLike,
): Promise<{ username: string; password: string }> {
  const response = await fetch(`${server}/api/sign-in/microsoft/handoff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ticket }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok && typeof body['username'] === 'string' && typeof body['password'] === 'string')
    return { username: body['username'], password: body['password'] };
  throw new Error(typeof body['error'] === 'string' ? body['error'] : `HTTP ${response.status}`);
}
