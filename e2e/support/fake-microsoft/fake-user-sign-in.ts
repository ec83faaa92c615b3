/**
 * A user signing in at the fake identity platform: the v2.0 authorize endpoint (authorization code with
 * PKCE, as Entra ID requires of public clients and recommends for all) and the token endpoint's
 * `authorization_code` and `refresh_token` grants. The "user at the browser" is whoever the test said
 * with `signInAs`: the authorize endpoint redirects straight back with a code, as Entra does when the
 * browser already has a session. Tokens are real RS256 JWTs from `FakeSigningKeys`, with the claims
 * Tandem reads (iss, aud, tid, oid, preferred_username, exp, nbf) and the ones MSAL reads (client_info,
 * nonce).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { FakeAccountDirectory, LOGIN_FIELD, PASSWORD_FIELD, signInPage } from './fake-sign-in-page.js';
import type { FakeSigningKeys } from './fake-signing-keys.js';

export interface FakeAccount {
  /** Object id (the `oid` claim). */
  readonly oid: string;
  /** Home tenant (the `tid` claim). */
  readonly tenantId: string;
  readonly userPrincipalName: string;
  readonly name: string;
}

export interface AuthorizeRecord {
  readonly at: number;
  readonly tenant: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallengeMethod: string | null;
  readonly outcome: 'code' | 'error';
}

export interface UserTokenRecord {
  readonly at: number;
  readonly grantType: 'authorization_code' | 'refresh_token';
  readonly clientId: string;
  /** Whether a client secret came with the request (a confidential client). */
  readonly withSecret: boolean;
  readonly granted: boolean;
  readonly error?: string;
}

interface PendingCode {
  readonly account: FakeAccount;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly nonce: string | null;
  readonly expiresAt: number;
}

export type FakeAnswer =
  | { kind: 'redirect'; location: string }
  /** `response_mode=form_post`: a page whose form POSTs `fields` to `action` (MSAL Node's loopback wants it). */
  | { kind: 'form-post'; action: string; fields: Record<string, string> }
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'text'; status: number; body: string }
  /** An HTML page for the person at the browser (the sign-in form). */
  | { kind: 'page'; status: number; html: string };

export interface FakeUserSignInOptions {
  readonly keys: FakeSigningKeys;
  readonly origin: () => string;
  readonly clientId: string;
  /** Checked when a request carries one; a request without one is a public client's. */
  readonly clientSecret: string;
  /** Access and ID token lifetime. Default 3600 s. */
  readonly tokenLifetimeSeconds?: number;
}

const CODE_LIFETIME_MS = 60_000;

export class FakeUserSignIn {
  readonly authorizeRequests: AuthorizeRecord[] = [];
  readonly tokenRequests: UserTokenRecord[] = [];
  account: FakeAccount | null = null;
  /**
   * Accounts that can sign in on the fake's sign-in page (`fake-sign-in-page.ts`): while `account` is null
   * and this has entries, the authorize endpoint shows a form instead of answering `login_required`.
   */
  readonly directory = new FakeAccountDirectory();
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, { account: FakeAccount; scope: string }>();

  constructor(private readonly options: FakeUserSignInOptions) {}

  /**
   * GET /{tenant}/oauth2/v2.0/authorize, and POST from the sign-in page (`posted`: the request again in
   * hidden fields, with the login and password typed).
   */
  authorize(tenant: string, query: URLSearchParams, posted = false): FakeAnswer {
    const clientId = query.get('client_id') ?? '';
    const redirectUri = query.get('redirect_uri') ?? '';
    const method = query.get('code_challenge_method');
    const record = (outcome: AuthorizeRecord['outcome']) =>
      this.authorizeRequests.push({
        at: Date.now(),
        tenant,
        clientId,
        redirectUri,
        codeChallengeMethod: method,
        outcome,
      });
    // Errors before the redirect URI is trusted are shown to the user, never redirected (RFC 6749 4.1.2.1).
    if (clientId !== this.options.clientId || !URL.canParse(redirectUri)) {
      record('error');
      return { kind: 'text', status: 400, body: `AADSTS700016: unknown application or redirect URI` };
    }
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const challenge = query.get('code_challenge');
    let account = this.account;
    if (account === null && this.directory.size > 0 && query.get('prompt') !== 'none') {
      const action = `${this.options.origin()}/${tenant}/oauth2/v2.0/authorize`;
      const login = query.get(LOGIN_FIELD) ?? '';
      if (!posted) return { kind: 'page', status: 200, html: signInPage(action, query, null) };
      const checked = this.directory.check(login, query.get(PASSWORD_FIELD) ?? '');
      if ('problem' in checked)
        return { kind: 'page', status: 200, html: signInPage(action, query, checked.problem, login) };
      account = checked.account;
    }
    const problem =
      query.get('response_type') !== 'code'
        ? 'unsupported_response_type'
        : method !== 'S256' || !challenge
          ? 'invalid_request'
          : account === null
            ? 'login_required'
            : null;
    if (problem !== null || account === null || challenge === null) {
      record('error');
      back.searchParams.set('error', problem ?? 'invalid_request');
      return { kind: 'redirect', location: back.toString() };
    }
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      account,
      clientId,
      redirectUri,
      codeChallenge: challenge,
      scope: query.get('scope') ?? 'openid',
      nonce: query.get('nonce'),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('client_info', clientInfo(account));
    record('code');
    if (query.get('response_mode') === 'form_post')
      return { kind: 'form-post', action: redirectUri, fields: Object.fromEntries(back.searchParams) };
    return { kind: 'redirect', location: back.toString() };
  }

  /** POST /{tenant}/oauth2/v2.0/token for the user grants; null when the grant is not one of them. */
  token(form: URLSearchParams): FakeAnswer | null {
    const grantType = form.get('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return null;
    const clientId = form.get('client_id') ?? '';
    const secret = form.get('client_secret');
    const refuse = (error: string, description: string): FakeAnswer => {
      this.tokenRequests.push({
        at: Date.now(),
        grantType,
        clientId,
        withSecret: secret !== null,
        granted: false,
        error,
      });
      return { kind: 'json', status: 400, body: { error, error_description: description } };
    };
    if (clientId !== this.options.clientId) return refuse('unauthorized_client', 'AADSTS700016');
    if (secret !== null && secret !== this.options.clientSecret)
      return refuse('invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    let account: FakeAccount;
    let scope: string;
    let nonce: string | null = null;
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = this.codes.get(code);
      this.codes.delete(code); // a code is redeemed once, whatever the outcome
      if (!pending || pending.expiresAt < Date.now() || pending.clientId !== clientId)
        return refuse('invalid_grant', 'AADSTS70008: The provided authorization code is invalid or expired.');
      if (form.get('redirect_uri') !== pending.redirectUri)
        return refuse('invalid_grant', 'AADSTS50148: The redirect_uri does not match.');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge)
        return refuse('invalid_grant', 'AADSTS501481: The Code_Verifier does not match the code_challenge.');
      ({ account, scope, nonce } = pending);
    } else {
      const known = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!known) return refuse('invalid_grant', 'AADSTS700082: The refresh token has expired.');
      ({ account, scope } = known);
    }
    this.tokenRequests.push({
      at: Date.now(),
      grantType,
      clientId,
      withSecret: secret !== null,
      granted: true,
    });
    return { kind: 'json', status: 200, body: this.tokensFor(account, scope, nonce) };
  }

  /** Claims of a v2.0 token for `account` issued to this app, for tests that sign their own tokens. */
  claimsFor(account: FakeAccount, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      ver: '2.0',
      iss: `${this.options.origin()}/${account.tenantId}/v2.0`,
      aud: this.options.clientId,
      tid: account.tenantId,
      oid: account.oid,
      sub: createHash('sha256').update(`${account.oid}:${this.options.clientId}`).digest('base64url'),
      preferred_username: account.userPrincipalName,
      name: account.name,
      iat: now,
      nbf: now,
      exp: now + (this.options.tokenLifetimeSeconds ?? 3600),
      uti: randomUUID(),
      ...overrides,
    };
  }

  private tokensFor(account: FakeAccount, scope: string, nonce: string | null): Record<string, unknown> {
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, { account, scope });
    const idToken = this.options.keys.sign(this.claimsFor(account, nonce === null ? {} : { nonce }));
    const accessToken = this.options.keys.sign(
      this.claimsFor(account, { scp: 'access_as_user', azp: this.options.clientId }),
    );
    return {
      token_type: 'Bearer',
      scope,
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: clientInfo(account),
    };
  }
}

function clientInfo(account: FakeAccount): string {
  return Buffer.from(JSON.stringify({ uid: account.oid, utid: account.tenantId })).toString('base64url');
}
