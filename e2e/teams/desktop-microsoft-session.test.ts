/**
 * The desktop app's whole Microsoft sign-in, in Node: the main process's session
 * (electron/microsoft-sign-in-session.node.ts) asks the built Tandem server which app to sign in to, MSAL
 * (pointed at the fake identity platform, trusting the test CA) signs alice in through a stand-in for the
 * system browser, the ID token is exchanged at the server for her Tandem credentials, and those open the
 * agent API until the page's sign-out revokes them; the account is then forgotten on this computer.
 */
import { request as httpRequest } from 'node:http';
import type { INetworkModule } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/logger.std.js';
import { DesktopMicrosoftSignIn } from '../../electron/microsoft-sign-in.node.js';
import { MicrosoftSignInSession } from '../../electron/microsoft-sign-in-session.node.js';
import type { SecretName, SecretStore } from '../../electron/secret-store.std.js';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import { HttpsTransport } from '../../server/teams/graph/https-request.js';
import {
  FAKE_APP,
  signInEnvFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;
let microsoft: FakeMicrosoft;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft();
  tandem = await startTandem({ env: signInEnvFor(microsoft) });
});

afterAll(async () => {
  await tandem?.stop();
  await microsoft?.close();
});

/** The OS key store stand-in: what the session and MSAL keep, by name. */
function memorySecrets(): SecretStore & { readonly kept: Map<SecretName, string> } {
  const kept = new Map<SecretName, string>();
  return {
    kept,
    isAvailable: async () => true,
    get: async (name) => kept.get(name) ?? null,
    set: async (name, value) => void kept.set(name, value),
    delete: async (name) => void kept.delete(name),
  };
}

/** MSAL's HTTP, trusting the test CA. */
function network(): INetworkModule {
  const transport = new HttpsTransport(microsoft.certificates.caPem);
  const send = async (
    method: 'GET' | 'POST',
    url: string,
    body?: string,
    headers?: Record<string, string>,
  ) => {
    const answer = await transport.send({ url, method, headers, body, timeoutMs: 5_000 });
    return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.body) as never };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, undefined, options?.headers),
    sendPostRequestAsync: (url, options) => send('POST', url, options?.body ?? '', options?.headers),
  };
}

/**
 * The system browser: loads the authorize page (the user is signed in at Microsoft already), which posts
 * the code to MSAL's loopback listener (`http://localhost:<port>`, dialled on 127.0.0.1).
 */
const opened: string[] = [];
async function systemBrowser(url: string): Promise<void> {
  opened.push(url);
  const page = await new HttpsTransport(microsoft.certificates.caPem).send({
    url,
    method: 'GET',
    timeoutMs: 5_000,
  });
  const unescape = (text: string) =>
    text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  const action = new URL(unescape(/action="([^"]+)"/.exec(page.body)?.[1] ?? ''));
  const fields = new URLSearchParams(
    [...page.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)]),
  ).toString();
  const post = httpRequest(
    { host: '127.0.0.1', port: action.port, path: action.pathname, method: 'POST', timeout: 5_000 },
    (response) => response.resume(),
  );
  post.setHeader('content-type', 'application/x-www-form-urlencoded');
  post.on('error', () => undefined);
  post.end(fields);
}

function desktop(secrets = memorySecrets()) {
  const msal = microsoft.identity.msalAuthorityOptions('organizations');
  const session = new MicrosoftSignInSession({
    serverOrigin: tandem.baseUrl,
    createClient: (app) => {
      // The server names the app and the authority; the fake's metadata keeps MSAL off the internet.
      expect(app).toEqual({
        clientId: FAKE_APP.clientId,
        authority: `${microsoft.identity.origin}/organizations`,
      });
      return new DesktopMicrosoftSignIn({
        clientId: app.clientId,
        authority: app.authority,
        knownAuthorities: msal.knownAuthorities,
        authorityMetadata: msal.authorityMetadata,
        cloudDiscoveryMetadata: msal.cloudDiscoveryMetadata,
        networkClient: network(),
        secrets,
        openBrowser: systemBrowser,
        logger: silentLogger,
      });
    },
    forgetCache: () => secrets.delete('microsoft-token-cache'),
    logger: silentLogger,
  });
  return { session, secrets };
}

async function agentApi(username: string, password: string, method = 'GET', path = '/api/agent/state') {
  const response = await fetch(`${tandem.baseUrl}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  await response.body?.cancel();
  return response.status;
}

describe('Microsoft sign-in in the desktop app, end to end', () => {
  it('signs alice in through the system browser; her credentials work until the sign-out revokes them', async () => {
    microsoft.identity.userSignIn.account = {
      oid: DEMO.agents.find((agent) => agent.username === 'alice')!.teamsUserId!,
      tenantId: FAKE_APP.tenantId,
      userPrincipalName: 'alice@contoso.example',
      name: 'Alice Example',
    };
    const { session, secrets } = desktop();
    const outcome = await session.signIn();
    expect(outcome).toMatchObject({ kind: 'signed-in', username: 'alice', displayName: expect.any(String) });
    if (outcome.kind !== 'signed-in') return;
    expect(new URL(opened.at(-1)!).pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(secrets.kept.has('microsoft-token-cache')).toBe(true);
    expect(await agentApi(outcome.username, outcome.password)).toBe(200);

    // Signed in again (the desk's server session ended): from the cache, without the browser.
    const browserOpened = opened.length;
    const again = await session.signIn();
    expect(again).toMatchObject({ kind: 'signed-in', username: 'alice' });
    expect(opened).toHaveLength(browserOpened);
    // One live credential per agent: the new sign-in replaced the first.
    expect(await agentApi(outcome.username, outcome.password)).toBe(401);
    if (again.kind !== 'signed-in') return;

    // The page's sign-out: the server revokes, the desktop forgets the account.
    expect(await agentApi(again.username, again.password, 'DELETE', '/api/sign-in/microsoft/session')).toBe(
      200,
    );
    await session.signOut();
    expect(await agentApi(again.username, again.password)).toBe(401);
    expect(secrets.kept.has('microsoft-token-cache')).toBe(false);
  });

  it('tells a Microsoft user who is no agent why, and forgets that account', async () => {
    microsoft.identity.userSignIn.account = {
      oid: '00000000-0000-4000-8000-00000000dead',
      tenantId: FAKE_APP.tenantId,
      userPrincipalName: 'mallory@contoso.example',
      name: 'Not An Agent',
    };
    const { session, secrets } = desktop();
    expect(await session.signIn()).toMatchObject({
      kind: 'refused',
      code: 'no-agent',
      message: expect.stringContaining('mallory@contoso.example'),
    });
    expect(secrets.kept.has('microsoft-token-cache')).toBe(false);
  });

  it('names the app to the desktop only when Microsoft sign-in is on', async () => {
    const response = await fetch(`${tandem.baseUrl}/api/sign-in/microsoft/desktop`);
    expect(await response.json()).toEqual({
      clientId: FAKE_APP.clientId,
      authority: `${microsoft.identity.origin}/organizations`,
    });
    const plain = await startTandem();
    try {
      const off = await fetch(`${plain.baseUrl}/api/sign-in/microsoft/desktop`);
      expect(off.status).toBe(404);
      expect(await off.json()).toMatchObject({ error: 'microsoft-sign-in-disabled' });
    } finally {
      await plain.stop();
    }
  });
});
