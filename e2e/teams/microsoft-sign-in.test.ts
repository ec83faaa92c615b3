/**
 * Agents signing in with their Microsoft account, on the built server (environment configuration only),
 * against the fake identity platform on 127.0.0.1 with a test CA: nothing reaches Microsoft.
 *
 * The browser's way: the server's redirect flow (authorization code + PKCE) is walked by an HTTP client
 * standing in for the browser, and the page's ticket turns into the agent's credentials. The desktop way:
 * a token from the identity platform is presented to the server. Either way the issued password works for
 * the agent APIs and for SIP registration (SIPp, digest over UDP), while forged, expired, foreign and
 * unknown-user tokens are refused with reasons, and sign-out ends the credentials.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/store/seed-demo-tenant.js';
import {
  FAKE_APP,
  signInEnvFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';
import type { FakeAccount } from '../support/fake-microsoft/fake-user-sign-in.js';
import { freeLoopbackPort } from '../support/free-port.js';
import { runSipp } from '../support/sipp.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

let tandem: TandemServer;
let microsoft: FakeMicrosoft;

const ALICE: FakeAccount = {
  oid: DEMO.agents.find((agent) => agent.username === 'alice')!.teamsUserId!,
  tenantId: FAKE_APP.tenantId,
  userPrincipalName: 'alice@contoso.example',
  name: 'Alice Example',
};
const STRANGER: FakeAccount = {
  oid: '00000000-0000-4000-8000-00000000dead',
  tenantId: FAKE_APP.tenantId,
  userPrincipalName: 'mallory@contoso.example',
  name: 'Not An Agent',
};

beforeAll(async () => {
  microsoft = await startFakeMicrosoft();
  tandem = await startTandem({
    env: { ...signInEnvFor(microsoft), TANDEM_TEAMS_SIGN_IN_CLIENT_SECRET: FAKE_APP.clientSecret },
  });
});

afterAll(async () => {
  await tandem?.stop();
  await microsoft?.close();
});

/** The "system browser": one GET over HTTPS trusting the test CA, redirects not followed. */
function browserGet(url: string): Promise<{ status: number; location: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: microsoft.certificates.caPem, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

async function tandemGet(path: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${tandem.baseUrl}${path}`, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') };
}

async function presentToken(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${tandem.baseUrl}/api/sign-in/microsoft/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function agentState(username: string, password: string): Promise<number> {
  const response = await fetch(`${tandem.baseUrl}/api/agent/state`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  await response.body?.cancel();
  return response.status;
}

async function registerWith(username: string, password: string): Promise<number> {
  const result = await runSipp({
    scenario: 'register-digest.xml',
    port: tandem.sip.udp,
    transport: 'udp',
    service: username,
    auth: { username, password },
    localPort: await freeLoopbackPort(),
    timeoutMs: 8_000,
  });
  return result.exitCode ?? -1;
}

const tokenFor = (account: FakeAccount, overrides: Record<string, unknown> = {}) =>
  microsoft.identity.keys.sign(microsoft.identity.userSignIn.claimsFor(account, overrides));

describe('Microsoft sign-in for agents', () => {
  it('tells the client that Microsoft sign-in is on', async () => {
    const response = await fetch(`${tandem.baseUrl}/api/client-config`);
    expect(await response.json()).toMatchObject({ microsoftSignIn: true });
  });

  it('signs alice in through the browser redirect flow, and her issued password registers her phone', async () => {
    microsoft.identity.userSignIn.account = ALICE;
    const start = await tandemGet('/api/sign-in/microsoft/start');
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(authorize.origin).toBe(microsoft.identity.origin);
    expect(authorize.pathname).toBe(`/${FAKE_APP.tenantId}/oauth2/v2.0/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const atIdentity = await browserGet(start.location!);
    expect(atIdentity.status).toBe(302);
    const callback = new URL(atIdentity.location!);
    expect(callback.origin).toBe(tandem.baseUrl);
    const back = await tandemGet(`${callback.pathname}${callback.search}`);
    expect(back.status).toBe(302);
    const ticket = /^\/#microsoft-sign-in=([\w-]+)$/.exec(back.location ?? '')?.[1];
    expect(ticket, back.location ?? '').toBeTruthy();
    // The server redeemed the code as a confidential client with the PKCE verifier.
    expect(microsoft.identity.userSignIn.tokenRequests.at(-1)).toMatchObject({
      grantType: 'authorization_code',
      withSecret: true,
      granted: true,
    });

    const handoff = await fetch(`${tandem.baseUrl}/api/sign-in/microsoft/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket }),
    });
    expect(handoff.status).toBe(200);
    const issued = (await handoff.json()) as {
      username: string;
      password: string;
      agent: { username: string };
    };
    expect(issued.agent.username).toBe('alice');
    // A ticket is collected once.
    const again = await fetch(`${tandem.baseUrl}/api/sign-in/microsoft/handoff`, {
      method: 'POST',
      body: JSON.stringify({ ticket }),
    });
    expect(again.status).toBe(404);

    expect(await agentState(issued.username, issued.password)).toBe(200);
    expect(await registerWith(issued.username, issued.password)).toBe(0);
    // Local accounts keep working (sam has no Microsoft account).
    expect(await agentState('sam', 'demo')).toBe(200);
  });

  it('turns a replayed or forged callback into a clear failure for the page', async () => {
    const forged = await tandemGet('/api/sign-in/microsoft/callback?code=abc&state=made-up');
    expect(forged).toEqual({ status: 302, location: '/#microsoft-sign-in-error=expired-sign-in' });
    microsoft.identity.userSignIn.account = null; // nobody signed in at the browser
    const start = await tandemGet('/api/sign-in/microsoft/start');
    const atIdentity = await browserGet(start.location!);
    const callback = new URL(atIdentity.location!);
    expect(await tandemGet(`${callback.pathname}${callback.search}`)).toEqual({
      status: 302,
      location: '/#microsoft-sign-in-error=denied',
    });
  });

  it('signs in with a token from the desktop app, and refuses tokens it cannot trust', async () => {
    const good = await presentToken(tokenFor(ALICE));
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ username: 'alice', agent: { username: 'alice' } });

    const [header, payload, signature] = tokenFor(ALICE).split('.');
    const bobsClaims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    bobsClaims['oid'] = DEMO.agents.find((agent) => agent.username === 'bob')!.teamsUserId;
    const tampered = `${header}.${Buffer.from(JSON.stringify(bobsClaims)).toString('base64url')}.${signature}`;
    const now = Math.floor(Date.now() / 1000);
    const refusals: [string, string][] = [
      [tampered, 'bad-signature'],
      [tokenFor(ALICE, { exp: now - 3600, nbf: now - 7200 }), 'expired'],
      [tokenFor(ALICE, { aud: 'https://graph.microsoft.com' }), 'wrong-audience'],
      [tokenFor(ALICE, { iss: 'https://evil.example/v2.0' }), 'wrong-issuer'],
      [tokenFor({ ...ALICE, tenantId: '99999999-2222-4333-8444-555555555555' }), 'wrong-tenant'],
      ['garbage', 'malformed'],
    ];
    for (const [token, reason] of refusals) {
      const answer = await presentToken(token);
      expect({ status: answer.status, reason: answer.body['reason'] }).toEqual({ status: 401, reason });
      expect(answer.body['message']).toEqual(expect.any(String));
    }
    const stranger = await presentToken(tokenFor(STRANGER));
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({ error: 'no-agent' });
    expect(String(stranger.body['message'])).toContain('mallory@contoso.example');
  });

  it('follows the identity platform rotating its signing key', async () => {
    microsoft.identity.keys.rotate({ retire: true });
    expect((await presentToken(tokenFor(ALICE))).status).toBe(200);
  });

  it('ends the credentials at sign-out; the phone can no longer register with them', async () => {
    const signedIn = await presentToken(tokenFor(ALICE));
    const { username, password } = signedIn.body as { username: string; password: string };
    const signOut = await fetch(`${tandem.baseUrl}/api/sign-in/microsoft/session`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    });
    expect(await signOut.json()).toEqual({ revoked: 1 });
    expect(await agentState(username, password)).toBe(401);
    expect(await registerWith(username, password)).not.toBe(0);
    // Her own password works again for SIP once no Microsoft session is live.
    expect(await registerWith('alice', 'demo')).toBe(0);
  });
});
