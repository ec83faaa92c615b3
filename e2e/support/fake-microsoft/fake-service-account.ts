/**
 * The service account whose delegated token creates presence subscriptions: an administrator signs
 * it in once (authorization code with PKCE against the fake identity platform, as a one-off consent
 * tool would) and gives Tandem the refresh token. The user tokens the identity platform then issues
 * are real RS256 JWTs; `trustUserTokens` makes the fake Graph accept them, as delegated, when their
 * signature checks out against the platform's published keys.
 */
import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { HttpsTransport } from '../../../server/teams/graph/https-request.js';
import type { FakeGraphSubscriptions } from './fake-graph-subscriptions.js';
import type { FakeMicrosoft } from './fake-microsoft.js';
import type { FakeAccount } from './fake-user-sign-in.js';

const REDIRECT_URI = 'http://127.0.0.1/consent-done';

/** Signs `account` in and returns its refresh token (the fake's HTTPS, trusted through its CA). */
export async function serviceAccountRefreshToken(
  microsoft: FakeMicrosoft,
  account: FakeAccount,
): Promise<string> {
  const { identity } = microsoft;
  identity.userSignIn.account = account;
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${identity.origin}/${identity.app.tenantId}/oauth2/v2.0/authorize`);
  authorize.search = new URLSearchParams({
    client_id: identity.app.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'https://graph.microsoft.com/Presence.Read.All offline_access',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const transport = new HttpsTransport(microsoft.certificates.caPem);
  const redirect = await transport.send({ url: authorize.toString(), method: 'GET', timeoutMs: 5_000 });
  const code = new URL(redirect.headers.location ?? 'http://invalid').searchParams.get('code');
  if (redirect.status !== 302 || !code) throw new Error(`no authorization code: ${redirect.status}`);
  const tokens = await transport.send({
    url: `${identity.origin}/${identity.app.tenantId}/oauth2/v2.0/token`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: identity.app.clientId,
      client_secret: identity.app.clientSecret,
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }).toString(),
    timeoutMs: 5_000,
  });
  const refreshToken = (JSON.parse(tokens.body) as { refresh_token?: string }).refresh_token;
  if (tokens.status !== 200 || !refreshToken) throw new Error(`no refresh token: ${tokens.body}`);
  return refreshToken;
}

/** Graph accepts user tokens signed by the identity platform's keys, as delegated tokens. */
export function trustUserTokens(microsoft: FakeMicrosoft, subscriptions: FakeGraphSubscriptions): void {
  subscriptions.acceptDelegatedWhere((token) => isUserToken(microsoft, token));
}

function isUserToken(microsoft: FakeMicrosoft, token: string): boolean {
  const [header, claims, signature] = token.split('.');
  if (!header || !claims || !signature) return false;
  try {
    const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      string
    >;
    const jwk = microsoft.identity.keys.jwks().keys.find((key) => key.kid === kid);
    if (alg !== 'RS256' || !jwk) return false;
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    const genuine = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(key, signature, 'base64url');
    const body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as {
      scp?: unknown;
      exp?: number;
    };
    return genuine && typeof body.scp === 'string' && (body.exp ?? 0) * 1000 > Date.now();
  } catch {
    return false;
  }
}
