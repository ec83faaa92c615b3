/**
 * One tenant's token-signing keys, as the identity platform publishes them: the tenant's OpenID
 * configuration (`<authority>/<tenant>/v2.0/.well-known/openid-configuration`) names the issuer and the
 * JWKS (`jwks_uri`). Keys are cached; Microsoft rotates them without notice, so a token signed by a key
 * id we do not know makes us fetch the JWKS again (at most once per `unknownKeyCooldownMs`, so that
 * tokens with made-up key ids cannot make us hammer the platform), and the whole set is refreshed
 * after `maxAgeMs` anyway.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { IdentityPlatformError, TokenRejectedError } from './identity-types.js';

/** GETs a URL and parses its JSON body; rejects on transport errors and non-2xx answers. */
export type FetchJson = (url: string) => Promise<unknown>;

export interface TenantSigningKeysOptions {
  readonly authority: string;
  readonly tenantId: string;
  readonly fetchJson: FetchJson;
  readonly now?: () => number;
  /** Default 30 s. */
  readonly unknownKeyCooldownMs?: number;
  /** Default 24 h. */
  readonly maxAgeMs?: number;
}

interface Loaded {
  readonly issuer: string;
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly at: number;
}

export class TenantSigningKeys {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private lastUnknownKeyFetch = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: TenantSigningKeysOptions) {
    this.now = options.now ?? Date.now;
  }

  get metadataUrl(): string {
    const base = this.options.authority.replace(/\/+$/, '');
    return `${base}/${encodeURIComponent(this.options.tenantId)}/v2.0/.well-known/openid-configuration`;
  }

  /** The v2.0 issuer the tenant's metadata names. */
  async issuer(): Promise<string> {
    return (await this.current()).issuer;
  }

  /** The public key with this id; rejects with `unknown-key` when the platform does not publish it. */
  async key(kid: string): Promise<KeyObject> {
    let loaded = await this.current();
    let key = loaded.keys.get(kid);
    if (key) return key;
    const now = this.now();
    if (now - this.lastUnknownKeyFetch >= (this.options.unknownKeyCooldownMs ?? 30_000)) {
      this.lastUnknownKeyFetch = now;
      loaded = await this.load(true);
      key = loaded.keys.get(kid);
      if (key) return key;
    }
    throw new TokenRejectedError(
      'unknown-key',
      `no signing key "${kid}" in tenant ${this.options.tenantId}'s JWKS`,
    );
  }

  private async current(): Promise<Loaded> {
    const loaded = this.loaded;
    if (loaded && this.now() - loaded.at < (this.options.maxAgeMs ?? 24 * 3600_000)) return loaded;
    return this.load(loaded !== null);
  }

  private load(force: boolean): Promise<Loaded> {
    if (this.loading) return this.loading;
    if (!force && this.loaded) return Promise.resolve(this.loaded);
    const loading = this.fetchAll()
      .then((loaded) => {
        this.loaded = loaded;
        return loaded;
      })
      .finally(() => {
        this.loading = null;
      });
    this.loading = loading;
    return loading;
  }

  private async fetchAll(): Promise<Loaded> {
    const metadata = await this.fetch(this.metadataUrl, 'OpenID configuration');
    const issuer = stringField(metadata, 'issuer');
    const jwksUri = stringField(metadata, 'jwks_uri');
    if (!issuer || !jwksUri || !URL.canParse(jwksUri))
      throw new IdentityPlatformError(
        `the OpenID configuration at ${this.metadataUrl} has no issuer or jwks_uri`,
      );
    const jwks = await this.fetch(jwksUri, 'JWKS');
    const list = (jwks as { keys?: unknown }).keys;
    if (!Array.isArray(list)) throw new IdentityPlatformError(`the JWKS at ${jwksUri} has no keys list`);
    const keys = new Map<string, KeyObject>();
    for (const jwk of list as Record<string, unknown>[]) {
      const kid = stringField(jwk, 'kid');
      if (!kid || jwk['kty'] !== 'RSA' || (jwk['use'] !== undefined && jwk['use'] !== 'sig')) continue;
      try {
        keys.set(
          kid,
          createPublicKey({ key: { kty: 'RSA', n: jwk['n'], e: jwk['e'] } as JsonWebKey, format: 'jwk' }),
        );
      } catch {
        // A key we cannot read verifies nothing; the others still do.
      }
    }
    return { issuer, keys, at: this.now() };
  }

  private async fetch(url: string, what: string): Promise<Record<string, unknown>> {
    let body: unknown;
    try {
      body = await this.options.fetchJson(url);
    } catch (error) {
      throw new IdentityPlatformError(
        `the ${what} could not be fetched from ${url}: ${(error as Error).message}`,
      );
    }
    if (typeof body !== 'object' || body === null)
      throw new IdentityPlatformError(`the ${what} at ${url} is not a JSON object`);
    return body as Record<string, unknown>;
  }
}

function stringField(value: unknown, name: string): string | null {
  const field = (value as Record<string, unknown>)[name];
  return typeof field === 'string' && field !== '' ? field : null;
}
