/**
 * The browser's Microsoft sign-in, run by the server: OAuth 2.0 authorization code with PKCE (RFC 7636)
 * and OpenID Connect. The server starts the flow (state, nonce, code verifier kept here, never in the
 * browser), the identity platform sends the browser back to our callback with a code, and the server
 * redeems it at the token endpoint for an ID token, which is then validated like any other token.
 *
 * Why through the server rather than MSAL in the page: the code is redeemed server to server, so no token
 * ever reaches the page (only Tandem's own short-lived desk credential does), and with a client secret
 * the server is a confidential client ("Web" platform in the app registration). Without a secret it acts
 * as a public client, protected by PKCE alone.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface TokenEndpointAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface AuthorizationCodeFlowOptions {
  readonly clientId: string;
  readonly clientSecret?: string;
  /** e.g. https://login.microsoftonline.com */
  readonly authority: string;
  /** The tenant path users sign in at: one tenant's id, or `organizations` when several are allowed. */
  readonly tenantPath: string;
  /** POSTs a form and parses the JSON answer. */
  readonly postForm: (url: string, form: URLSearchParams) => Promise<TokenEndpointAnswer>;
  readonly now?: () => number;
}

/** Pending sign-ins are forgotten after this long: the user took too long at the login page. */
const PENDING_LIFETIME_MS = 10 * 60_000;
/** Bounds the memory that unfinished sign-ins (or someone calling /start in a loop) can take. */
const MAX_PENDING = 1_000;

interface Pending {
  readonly verifier: string;
  readonly nonce: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

export class SignInFlowError extends Error {
  override readonly name = 'SignInFlowError';
  constructor(
    /** Short code shown to the page: `expired-sign-in`, `denied`, `token-endpoint`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class AuthorizationCodeFlow {
  private readonly pending = new Map<string, Pending>();
  private readonly now: () => number;

  constructor(private readonly options: AuthorizationCodeFlowOptions) {
    this.now = options.now ?? Date.now;
  }

  private endpoint(name: 'authorize' | 'token'): string {
    const base = this.options.authority.replace(/\/+$/, '');
    return `${base}/${encodeURIComponent(this.options.tenantPath)}/oauth2/v2.0/${name}`;
  }

  /** Where to send the browser to sign in; `redirectUri` is our callback as the browser reaches it. */
  begin(redirectUri: string): string {
    this.forgetExpired();
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const state = randomBytes(24).toString('base64url');
    const verifier = randomBytes(48).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    this.pending.set(state, { verifier, nonce, redirectUri, expiresAt: this.now() + PENDING_LIFETIME_MS });
    const url = new URL(this.endpoint('authorize'));
    url.search = new URLSearchParams({
      client_id: this.options.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      response_mode: 'query',
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      prompt: 'select_account',
    }).toString();
    return url.toString();
  }

  /**
   * Redeems the callback's code; resolves with the ID token and the nonce it must carry. `query` is the
   * callback's query string (code and state, or error and error_description).
   */
  async complete(query: URLSearchParams): Promise<{ idToken: string; nonce: string }> {
    const state = query.get('state') ?? '';
    const pending = this.pending.get(state);
    this.pending.delete(state); // one use, whatever happens next
    if (!pending || pending.expiresAt < this.now())
      throw new SignInFlowError('expired-sign-in', 'this sign-in is unknown or took too long; start again');
    const error = query.get('error');
    if (error !== null)
      throw new SignInFlowError(
        'denied',
        `the identity platform said ${error}: ${query.get('error_description') ?? ''}`,
      );
    const code = query.get('code');
    if (!code) throw new SignInFlowError('denied', 'the identity platform sent no code');
    const form = new URLSearchParams({
      client_id: this.options.clientId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
      scope: 'openid profile',
    });
    if (this.options.clientSecret) form.set('client_secret', this.options.clientSecret);
    let answer: TokenEndpointAnswer;
    try {
      answer = await this.options.postForm(this.endpoint('token'), form);
    } catch (cause) {
      throw new SignInFlowError(
        'token-endpoint',
        `the token endpoint cannot be reached: ${(cause as Error).message}`,
      );
    }
    const body = (answer.body ?? {}) as Record<string, unknown>;
    if (answer.status !== 200 || typeof body['id_token'] !== 'string')
      throw new SignInFlowError(
        'token-endpoint',
        `the token endpoint answered ${answer.status}: ${String(body['error'] ?? '')} ${String(body['error_description'] ?? '')}`.trim(),
      );
    return { idToken: body['id_token'], nonce: pending.nonce };
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [state, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(state);
  }
}
