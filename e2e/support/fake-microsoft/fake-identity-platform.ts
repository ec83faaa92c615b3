/**
 * A stand-in for the Microsoft identity platform, enough for a daemon's client credentials flow:
 * the tenant's OpenID configuration, a JWKS, and a v2.0 token endpoint that checks the client id
 * and secret and hands out JWT-shaped access tokens for Graph. Every token request is logged.
 * For users signing in (`userSignIn`): the authorize endpoint and the authorization_code and
 * refresh_token grants, with RS256 tokens whose keys the JWKS publishes (`keys`, rotatable); the
 * tenant-independent `organizations` and `common` paths are served as Entra serves them.
 */
import { randomUUID } from 'node:crypto';
import { FakeSigningKeys } from './fake-signing-keys.js';
import { FakeUserSignIn, type FakeAnswer } from './fake-user-sign-in.js';
import { listenHttps, sendJson, type FakeListener } from './https-fake-server.js';
import type { TestCertificates } from './test-ca.js';

/** Tenant-independent authorities: their metadata carries `{tenantid}` in the issuer. */
const MULTI_TENANT_PATHS = new Set(['organizations', 'common']);

export interface FakeApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenRequestRecord {
  readonly at: number;
  readonly clientId: string;
  readonly grantType: string;
  readonly scope: string;
  readonly granted: boolean;
}

export class FakeIdentityPlatform {
  readonly tokenRequests: TokenRequestRecord[] = [];
  private readonly issued = new Set<string>();
  /** The keys that sign user tokens; `keys.rotate()` changes them as Microsoft does. */
  readonly keys = new FakeSigningKeys();
  /** Users signing in: set `userSignIn.account` to the user at the browser. */
  readonly userSignIn: FakeUserSignIn;

  private constructor(
    private readonly listener: FakeListener,
    readonly app: FakeApp,
  ) {
    this.userSignIn = new FakeUserSignIn({
      keys: this.keys,
      origin: () => this.origin,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    });
  }

  static async start(certificates: TestCertificates, app: FakeApp): Promise<FakeIdentityPlatform> {
    let platform: FakeIdentityPlatform | null = null;
    const listener = await listenHttps(certificates, (request, body, response) =>
      platform!.handle(request.method ?? 'GET', new URL(request.url ?? '/', 'https://fake'), body, response),
    );
    platform = new FakeIdentityPlatform(listener, app);
    return platform;
  }

  /** What Tandem's authorityHost is set to. */
  get origin(): string {
    return this.listener.origin;
  }

  /** Whether Graph should accept this bearer token. */
  isIssued(token: string): boolean {
    return this.issued.has(token);
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  /** The OpenID configuration of `tenant` (a tenant id, `organizations` or `common`). */
  openIdConfiguration(tenant: string): Record<string, unknown> {
    const base = `${this.origin}/${tenant}`;
    return {
      issuer: `${this.origin}/${MULTI_TENANT_PATHS.has(tenant) ? '{tenantid}' : tenant}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      response_types_supported: ['code', 'id_token', 'token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      code_challenge_methods_supported: ['S256'],
    };
  }

  /**
   * What MSAL needs to use this fake without asking Microsoft anything: `knownAuthorities`, the
   * authority's metadata and the cloud discovery metadata, as JSON strings where MSAL wants them so.
   */
  msalAuthorityOptions(tenant: string): {
    authority: string;
    knownAuthorities: string[];
    authorityMetadata: string;
    cloudDiscoveryMetadata: string;
  } {
    const host = new URL(this.origin).host;
    return {
      authority: `${this.origin}/${tenant}`,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(this.openIdConfiguration(tenant)),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${this.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
    };
  }

  private handle(method: string, url: URL, body: string, response: Parameters<typeof sendJson>[0]): void {
    const [tenant, ...rest] = url.pathname.split('/').filter(Boolean);
    const path = rest.join('/');
    if (tenant !== this.app.tenantId && !MULTI_TENANT_PATHS.has(tenant ?? '')) {
      sendJson(response, 400, {
        error: 'invalid_tenant',
        error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
      });
      return;
    }
    if (method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
      sendJson(response, 200, this.openIdConfiguration(tenant!));
      return;
    }
    if (method === 'GET' && path === 'discovery/v2.0/keys') {
      sendJson(response, 200, this.keys.jwks());
      return;
    }
    if (method === 'GET' && path === 'oauth2/v2.0/authorize') {
      answerWith(response, this.userSignIn.authorize(tenant!, url.searchParams));
      return;
    }
    if (method === 'POST' && path === 'oauth2/v2.0/authorize') {
      answerWith(response, this.userSignIn.authorize(tenant!, new URLSearchParams(body), true));
      return;
    }
    if (method === 'POST' && path === 'oauth2/v2.0/token') {
      const form = new URLSearchParams(body);
      const userAnswer = this.userSignIn.token(form);
      if (userAnswer) answerWith(response, userAnswer);
      else this.token(form, response);
      return;
    }
    sendJson(response, 404, { error: 'not_found', error_description: `${method} ${url.pathname}` });
  }

  private token(form: URLSearchParams, response: Parameters<typeof sendJson>[0]): void {
    const clientId = form.get('client_id') ?? '';
    const grantType = form.get('grant_type') ?? '';
    const scope = form.get('scope') ?? '';
    const granted =
      grantType === 'client_credentials' &&
      clientId === this.app.clientId &&
      form.get('client_secret') === this.app.clientSecret &&
      scope.split(' ').includes('https://graph.microsoft.com/.default');
    this.tokenRequests.push({ at: Date.now(), clientId, grantType, scope, granted });
    if (!granted) {
      sendJson(response, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
        error_codes: [7000215],
      });
      return;
    }
    const accessToken = jwtShaped({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${this.app.tenantId}/`,
      appid: clientId,
      roles: ['Presence.Read.All', 'User.Read.All'],
      exp: Math.floor(Date.now() / 1000) + 3600,
      jti: randomUUID(),
    });
    this.issued.add(accessToken);
    sendJson(response, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }
}

function answerWith(response: Parameters<typeof sendJson>[0], answer: FakeAnswer): void {
  if (answer.kind === 'json') sendJson(response, answer.status, answer.body);
  else if (answer.kind === 'form-post') {
    const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const inputs = Object.entries(answer.fields)
      .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
      .join('');
    const page = `<!doctype html><form method="post" action="${escape(answer.action)}">${inputs}</form><script>document.forms[0].submit()</script>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  } else if (answer.kind === 'redirect') {
    response.writeHead(302, { location: answer.location, 'content-length': 0 });
    response.end();
  } else if (answer.kind === 'page') {
    response.writeHead(answer.status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(answer.html);
  } else {
    response.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(answer.body);
  }
}

function jwtShaped(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.${Buffer.from(randomUUID()).toString('base64url')}`;
}
