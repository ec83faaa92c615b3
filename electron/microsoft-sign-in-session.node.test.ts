import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './logger.std.js';
import type { MicrosoftAccountTokens } from './microsoft-sign-in.node.js';
import {
  MicrosoftSignInSession,
  type MicrosoftAccountClient,
  type MicrosoftApp,
} from './microsoft-sign-in-session.node.js';

const SERVER = 'https://tandem.example.com';
const APP: MicrosoftApp = {
  clientId: '6f1c2a34-1111-4b22-9c33-0123456789ab',
  authority: 'https://login.microsoftonline.com/organizations',
};
const tokens = (idToken: string): MicrosoftAccountTokens => ({
  idToken,
  username: 'alice@contoso.example',
  name: 'Alice',
  tenantId: 't',
  expiresOn: null,
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const issued = {
  agent: { id: 'a1', username: 'alice', displayName: 'Alice Example' },
  username: 'alice',
  password: 'issued-secret',
  expiresAt: '2030-01-01T12:00:00.000Z',
};

/** MSAL as the session sees it: `cached` answers silently, `interactive` after the browser. */
function scriptedClient(script: {
  cached?: string | null;
  interactive?: () => Promise<MicrosoftAccountTokens>;
}) {
  let cached = script.cached ?? null;
  return {
    signIn: vi.fn(script.interactive ?? (async () => tokens('interactive-token'))),
    token: vi.fn(async (options?: { forceRefresh?: boolean }) =>
      cached === null ? null : tokens(options?.forceRefresh ? 'refreshed-token' : cached),
    ),
    signOut: vi.fn(async () => {
      cached = null;
    }),
  } satisfies MicrosoftAccountClient;
}

/** The Tandem server: its app settings, and a token endpoint answering per token. */
function fakeServer(answers: Record<string, Response | (() => Response)>, app: Response = json(200, APP)) {
  return vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    if (path === '/api/sign-in/microsoft/desktop') return app.clone();
    if (path === '/api/sign-in/microsoft/token') {
      const token = new Headers(init?.headers).get('authorization')?.replace('Bearer ', '') ?? '';
      const answer = answers[token] ?? json(401, { error: 'invalid-token', reason: 'malformed' });
      return typeof answer === 'function' ? answer() : answer.clone();
    }
    return json(404, {});
  });
}

function session(client: MicrosoftAccountClient, fetch: ReturnType<typeof fakeServer>, extra = {}) {
  const createClient = vi.fn((_app: MicrosoftApp) => client);
  const forgetCache = vi.fn(async () => {});
  const value = new MicrosoftSignInSession({
    serverOrigin: SERVER,
    createClient,
    forgetCache,
    fetch: fetch as unknown as typeof globalThis.fetch,
    logger: silentLogger,
    ...extra,
  });
  return { session: value, createClient, forgetCache };
}

describe('Microsoft sign-in in the desktop app, main process', () => {
  it('signs in in the browser, presents the ID token to the server, and hands the page only Tandem credentials', async () => {
    const client = scriptedClient({});
    const fetch = fakeServer({ 'interactive-token': json(200, issued) });
    const { session: signIn, createClient } = session(client, fetch);
    expect(await signIn.signIn()).toEqual({
      kind: 'signed-in',
      username: 'alice',
      password: 'issued-secret',
      displayName: 'Alice Example',
      expiresAt: '2030-01-01T12:00:00.000Z',
    });
    expect(createClient).toHaveBeenCalledWith(APP);
    expect(client.signIn).toHaveBeenCalledTimes(1);
    const presented = fetch.mock.calls.find(([url]) => String(url).endsWith('/token'));
    expect(new Headers(presented?.[1]?.headers).get('authorization')).toBe('Bearer interactive-token');
  });

  it('uses the cached account without the browser, and refreshes once when the server finds it expired', async () => {
    const client = scriptedClient({ cached: 'old-token' });
    const fetch = fakeServer({
      'old-token': json(401, { error: 'invalid-token', reason: 'expired', message: 'expired' }),
      'refreshed-token': json(200, issued),
    });
    const { session: signIn } = session(client, fetch);
    expect(await signIn.signIn()).toMatchObject({ kind: 'signed-in', username: 'alice' });
    expect(client.signIn).not.toHaveBeenCalled();
    expect(client.token).toHaveBeenLastCalledWith({ forceRefresh: true });
  });

  it('says why a sign-in was refused, and forgets an account that is no agent', async () => {
    const client = scriptedClient({ cached: 'mallory' });
    const fetch = fakeServer({
      mallory: json(403, {
        error: 'no-agent',
        message: 'no Tandem agent is linked to mallory@contoso.example',
      }),
    });
    const { session: signIn } = session(client, fetch);
    expect(await signIn.signIn()).toEqual({
      kind: 'refused',
      code: 'no-agent',
      message: 'no Tandem agent is linked to mallory@contoso.example',
    });
    expect(client.signOut).toHaveBeenCalledTimes(1);

    const refusals: [Response, string][] = [
      [json(401, { error: 'invalid-token', reason: 'wrong-tenant', message: 'x' }), 'token-rejected'],
      [json(403, { error: 'agent-disabled', message: 'x' }), 'agent-disabled'],
      [json(503, { error: 'identity-platform-unreachable', message: 'x' }), 'identity-platform'],
      [json(500, {}), 'failed'],
    ];
    for (const [answer, code] of refusals) {
      const other = session(scriptedClient({ cached: 't' }), fakeServer({ t: answer }));
      expect(await other.session.signIn()).toMatchObject({ kind: 'refused', code });
    }
  });

  it('refuses clearly when the server is off, unreachable or sends unusable settings', async () => {
    const off = session(
      scriptedClient({}),
      fakeServer({}, json(404, { error: 'microsoft-sign-in-disabled' })),
    );
    expect(await off.session.signIn()).toMatchObject({ kind: 'refused', code: 'disabled' });
    const bad = session(
      scriptedClient({}),
      fakeServer({}, json(200, { clientId: 'x', authority: 'http://evil' })),
    );
    expect(await bad.session.signIn()).toMatchObject({ kind: 'refused', code: 'failed' });
    expect(bad.createClient).not.toHaveBeenCalled();
    const unreachable = fakeServer({});
    unreachable.mockRejectedValue(new TypeError('fetch failed'));
    const away = session(scriptedClient({}), unreachable);
    expect(await away.session.signIn()).toMatchObject({ kind: 'refused', code: 'server-unreachable' });
  });

  it('gives up on a browser sign-in nobody finishes, and says so when MSAL fails', async () => {
    const never = scriptedClient({ interactive: () => new Promise<never>(() => {}) });
    const waiting = session(never, fakeServer({}), { interactiveTimeoutMs: 50 });
    expect(await waiting.session.signIn()).toMatchObject({ kind: 'refused', code: 'timed-out' });
    const cancelled = scriptedClient({
      interactive: async () => {
        throw new Error('access_denied: the user cancelled');
      },
    });
    const refused = session(cancelled, fakeServer({}));
    expect(await refused.session.signIn()).toMatchObject({
      kind: 'refused',
      code: 'denied',
      message: expect.stringContaining('access_denied'),
    });
  });

  it('runs one sign-in at a time, and forgets the account at sign-out', async () => {
    let finish: (value: MicrosoftAccountTokens) => void = () => {};
    const client = scriptedClient({ interactive: () => new Promise((resolve) => (finish = resolve)) });
    const { session: signIn, forgetCache } = session(client, fakeServer({ late: json(200, issued) }));
    await signIn.signOut(); // before any sign-in: the stored cache goes
    expect(forgetCache).toHaveBeenCalledTimes(1);
    const first = signIn.signIn();
    const second = signIn.signIn();
    await vi.waitFor(() => expect(client.signIn).toHaveBeenCalled());
    finish(tokens('late'));
    expect(await first).toMatchObject({ kind: 'signed-in' });
    expect(await second).toBe(await first);
    expect(client.signIn).toHaveBeenCalledTimes(1);
    await signIn.signOut();
    expect(client.signOut).toHaveBeenCalledTimes(1);
  });
});
