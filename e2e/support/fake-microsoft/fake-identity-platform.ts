/**
 * A stand-in for the Microsoft identity platform, enough for a daemon's client credentials flow:
 * the tenant's OpenID configuration, a JWKS, and a v2.0 token endpoint that checks the client id
 * and secret and hands out JWT-shaped access tokens for Graph. Every token request is logged.
 */
import { randomUUID } from 'node:crypto';
import { listenHttps, sendJson, type FakeListener } from './https-fake-server.js';
import type { TestCertificates } from './test-ca.js';

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

  private constructor(
    private readonly listener: FakeListener,
    readonly app: FakeApp,
  ) {}

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

  private handle(method: string, url: URL, body: string, response: Parameters<typeof sendJson>[0]): void {
    const [tenant, ...rest] = url.pathname.split('/').filter(Boolean);
    const path = rest.join('/');
    const base = `${this.origin}/${tenant}`;
    if (tenant !== this.app.tenantId) {
      sendJson(response, 400, {
        error: 'invalid_tenant',
        error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
      });
      return;
    }
    if (method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
      sendJson(response, 200, {
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        response_types_supported: ['code', 'id_token', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
      return;
    }
    if (method === 'GET' && path === 'discovery/v2.0/keys') {
      sendJson(response, 200, { keys: [] });
      return;
    }
    if (method === 'POST' && path === 'oauth2/v2.0/token') {
      this.token(new URLSearchParams(body), response);
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

function jwtShaped(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.${Buffer.from(randomUUID()).toString('base64url')}`;
}
