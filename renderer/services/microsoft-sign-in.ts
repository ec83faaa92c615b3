/**
 * The browser's Microsoft sign-in, page side. The server runs the redirect flow (authorization code + PKCE,
 * server/api/microsoft-sign-in-api.ts): the page only goes to `/api/sign-in/microsoft/start`, and comes back
 * to `/#microsoft-sign-in=<ticket>` (or `#microsoft-sign-in-error=<code>`). The ticket is exchanged once for
 * the agent's Tandem credentials, which then sign in as a local agent's password does. No Microsoft token
 * ever reaches the page.
 */
import { basicAuthorization, type Credentials, type FetchLike } from './agent-api.js';
import { normaliseServer, type SignInForm } from './agent-desk.js';
import { defaultSipServer } from './softphone/softphone.js';

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
  return (await microsoftClientConfig(server, fetch)).offered;
}

export interface MicrosoftClientConfig {
  readonly offered: boolean;
  /** The SIP WebSocket to register on, from the server's client configuration (nobody types it here). */
  readonly sipServer: string;
}

/**
 * What the Microsoft button needs from `/api/client-config`: whether it is offered, and the SIP WebSocket
 * next to the server: wss for an https page; ws, else wss, for an http one. Without an answer: not offered,
 * and the usual ports.
 */
export async function microsoftClientConfig(
  server: string,
  fetch: FetchLike,
): Promise<MicrosoftClientConfig> {
  const fallback = { offered: false, sipServer: defaultSipServer(normaliseServer(server)) };
  try {
    const response = await fetch(`${server}/api/client-config`, { headers: { accept: 'application/json' } });
    if (!response.ok) return fallback;
    const body = (await response.json()) as { microsoftSignIn?: unknown; sipWebSocket?: unknown };
    const ports = (typeof body.sipWebSocket === 'object' ? body.sipWebSocket : null) as {
      ws?: unknown;
      wss?: unknown;
    } | null;
    const port = (value: unknown) => (Number.isInteger(value) ? (value as number) : null);
    const ws = port(ports?.ws);
    const wss = port(ports?.wss);
    const { protocol, hostname } = new URL(normaliseServer(server));
    const sipServer =
      protocol === 'http:' && ws !== null
        ? `ws://${hostname}:${ws}`
        : wss !== null
          ? `wss://${hostname}:${wss}`
          : fallback.sipServer;
    return { offered: body.microsoftSignIn === true, sipServer };
  } catch {
    return fallback;
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

/**
 * Ends the Microsoft session at sign-out: the server revokes the credentials it issued, so they no longer
 * open the APIs nor register a phone. Credentials already refused (401) count as ended.
 */
export async function endMicrosoftSession(
  server: string,
  credentials: Credentials,
  fetch: FetchLike,
): Promise<void> {
  const response = await fetch(`${server}/api/sign-in/microsoft/session`, {
    method: 'DELETE',
    headers: { authorization: basicAuthorization(credentials) },
  });
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok && response.status !== 401) throw new Error(`HTTP ${response.status}`);
}

/** The few reasons the sign-in form explains in words; anything else gets the general sentence. */
export const microsoftProblems = ['no-agent', 'agent-disabled', 'denied', 'expired', 'unreachable'] as const;
export type MicrosoftProblem = (typeof microsoftProblems)[number] | 'failed';

/** The server's or the desktop app's code for a failed Microsoft sign-in, as the form explains it. */
export function microsoftProblemOf(code: string): MicrosoftProblem {
  switch (code) {
    case 'no-agent':
    case 'agent-disabled':
    case 'denied':
      return code;
    case 'expired-sign-in':
    case 'unknown-ticket':
    case 'timed-out':
      return 'expired';
    case 'identity-platform':
    case 'server-unreachable':
      return 'unreachable';
    default:
      return 'failed';
  }
}

/**
 * The desk's sign-in with credentials issued by a Microsoft sign-in: at sign-out (or when the desk cannot
 * sign in with them) the session is ended at the server, and `forget` runs (the desktop app forgets the
 * Microsoft account). Each step runs even when the one before failed.
 */
export function microsoftSignInForm(
  server: string,
  sipServer: string,
  credentials: Credentials,
  fetch: FetchLike,
  forget?: () => Promise<unknown>,
): SignInForm {
  let ended: Promise<void> | undefined;
  return {
    server,
    sipServer,
    ...credentials,
    endSession: () =>
      (ended ??= (async () => {
        await endMicrosoftSession(server, credentials, fetch).catch(() => undefined);
        await forget?.().catch(() => undefined);
      })()),
  };
}
