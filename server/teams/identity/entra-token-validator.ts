/**
 * Validates an Entra ID access or ID token presented by an agent's client, with node:crypto only:
 *
 *   1. a compact JWS signed RS256 (anything else, `none` and HMAC included, is refused);
 *   2. from a tenant we accept (`tid`), with a signature by a key in that tenant's JWKS;
 *   3. issued by that tenant: the v2.0 issuer its metadata names, or the v1.0 form
 *      `https://sts.windows.net/<tid>/` (access tokens of an app whose manifest keeps version 1);
 *   4. for us: `aud` is our application id, or its `api://<id>` URI (v1.0 access tokens);
 *   5. in date: `exp` and `nbf` with a small clock skew;
 *   6. naming a user: `oid`.
 * The signature is checked before the claims, so a claim problem is only reported for a genuine token.
 */
import { verify } from 'node:crypto';
import { parseCompactJwt } from './compact-jwt.js';
import { TokenRejectedError, type VerifiedIdentity } from './identity-types.js';
import { TenantSigningKeys, type FetchJson } from './tenant-signing-keys.js';

export interface EntraTokenValidatorOptions {
  /** Our app registration's application (client) id. */
  readonly clientId: string;
  /** Tenant ids whose users may sign in. */
  readonly tenants: readonly string[];
  /** e.g. https://login.microsoftonline.com */
  readonly authority: string;
  readonly fetchJson: FetchJson;
  readonly clockSkewSeconds: number;
  readonly now?: () => number;
  readonly unknownKeyCooldownMs?: number;
}

export class EntraTokenValidator {
  private readonly tenants = new Map<string, TenantSigningKeys>();
  private readonly now: () => number;

  constructor(private readonly options: EntraTokenValidatorOptions) {
    this.now = options.now ?? Date.now;
    for (const tenantId of options.tenants) {
      this.tenants.set(
        tenantId.toLowerCase(),
        new TenantSigningKeys({
          authority: options.authority,
          tenantId,
          fetchJson: options.fetchJson,
          now: this.now,
          ...(options.unknownKeyCooldownMs === undefined
            ? {}
            : { unknownKeyCooldownMs: options.unknownKeyCooldownMs }),
        }),
      );
    }
  }

  /** The identity in the token; rejects with TokenRejectedError or IdentityPlatformError. */
  async validate(token: string, expect: { nonce?: string } = {}): Promise<VerifiedIdentity> {
    const jwt = parseCompactJwt(token);
    if (jwt.header['alg'] !== 'RS256')
      throw new TokenRejectedError(
        'unsupported-algorithm',
        `tokens must be signed RS256, this one says ${JSON.stringify(jwt.header['alg'] ?? null)}`,
      );
    const kid = jwt.header['kid'];
    if (typeof kid !== 'string' || kid === '')
      throw new TokenRejectedError('malformed', 'the token names no signing key (kid)');
    const claims = jwt.payload;
    const tid = typeof claims['tid'] === 'string' ? claims['tid'].toLowerCase() : '';
    const keys = this.tenants.get(tid);
    if (!keys)
      throw new TokenRejectedError(
        'wrong-tenant',
        `users of tenant ${tid || '(none)'} may not sign in to this Tandem`,
      );
    const key = await keys.key(kid);
    if (!verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature))
      throw new TokenRejectedError('bad-signature', 'the token signature does not verify');

    const issuers = [(await keys.issuer()).replace('{tenantid}', tid), `https://sts.windows.net/${tid}/`];
    if (typeof claims['iss'] !== 'string' || !issuers.includes(claims['iss']))
      throw new TokenRejectedError('wrong-issuer', `the token was issued by ${String(claims['iss'])}`);

    const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
    const ours = [this.options.clientId.toLowerCase(), `api://${this.options.clientId.toLowerCase()}`];
    if (!audiences.some((aud) => typeof aud === 'string' && ours.includes(aud.toLowerCase())))
      throw new TokenRejectedError(
        'wrong-audience',
        `the token is for ${String(claims['aud'])}, not for Tandem`,
      );

    const now = this.now() / 1000;
    const skew = this.options.clockSkewSeconds;
    const exp = claims['exp'];
    if (typeof exp !== 'number')
      throw new TokenRejectedError('missing-claims', 'the token has no expiry (exp)');
    if (now > exp + skew)
      throw new TokenRejectedError('expired', `the token expired at ${new Date(exp * 1000).toISOString()}`);
    const nbf = claims['nbf'];
    if (typeof nbf === 'number' && now + skew < nbf)
      throw new TokenRejectedError(
        'not-yet-valid',
        `the token is valid from ${new Date(nbf * 1000).toISOString()}`,
      );

    // OpenID Connect Core 3.1.3.7 step 11: "If a nonce value was sent in the Authentication Request, a nonce
    // Claim MUST be present and its value checked to verify that it is the same value as the one that was sent".
    if (expect.nonce !== undefined && claims['nonce'] !== expect.nonce)
      throw new TokenRejectedError('wrong-nonce', 'the ID token does not answer this sign-in (nonce)');

    const oid = claims['oid'];
    if (typeof oid !== 'string' || oid === '')
      throw new TokenRejectedError('missing-claims', 'the token names no user (oid)');
    const upn = [claims['preferred_username'], claims['upn']].find((value) => typeof value === 'string');
    return {
      tenantId: tid,
      objectId: oid,
      userPrincipalName: (upn as string | undefined) ?? null,
      name: typeof claims['name'] === 'string' ? claims['name'] : null,
      expiresAt: exp,
    };
  }
}
