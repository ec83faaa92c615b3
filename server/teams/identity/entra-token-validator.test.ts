import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EntraTokenValidator } from './entra-token-validator.js';
import { IdentityPlatformError, TokenRejectedError } from './identity-types.js';

const AUTHORITY = 'https://login.example.test';
const TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
const CLIENT_ID = '6f1c2a34-1111-4b22-9c33-0123456789ab';
const NOW = Date.parse('2026-03-02T09:00:00Z');

function rsaKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' } };
}

/** The tenant's published metadata and JWKS, served from memory, counting fetches. */
function platform() {
  const published = { keys: [rsaKey('k1')] };
  const fetched: string[] = [];
  return {
    published,
    fetched,
    fetchJson: async (url: string) => {
      fetched.push(url);
      if (url === `${AUTHORITY}/${TENANT}/v2.0/.well-known/openid-configuration`)
        return {
          issuer: `${AUTHORITY}/${TENANT}/v2.0`,
          jwks_uri: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`,
        };
      if (url === `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`)
        return { keys: published.keys.map((key) => key.jwk) };
      throw new Error(`unexpected ${url}`);
    },
  };
}

function sign(
  key: ReturnType<typeof rsaKey>,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...header })}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}

function claims(overrides: Record<string, unknown> = {}) {
  const now = NOW / 1000;
  return {
    iss: `${AUTHORITY}/${TENANT}/v2.0`,
    aud: CLIENT_ID,
    tid: TENANT,
    oid: 'aaaaaaaa-0000-4000-8000-00000000a11c',
    preferred_username: 'alice@contoso.example',
    name: 'Alice',
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ...overrides,
  };
}

function validatorFor(fake: ReturnType<typeof platform>, now = () => NOW) {
  return new EntraTokenValidator({
    clientId: CLIENT_ID,
    tenants: [TENANT],
    authority: AUTHORITY,
    fetchJson: fake.fetchJson,
    clockSkewSeconds: 120,
    now,
  });
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as TokenRejectedError).reason;
}

describe('Entra ID token validation', () => {
  it('accepts a genuine token of an allowed tenant and names the user', async () => {
    const fake = platform();
    const identity = await validatorFor(fake).validate(sign(fake.published.keys[0]!, claims()));
    expect(identity).toMatchObject({
      tenantId: TENANT,
      objectId: 'aaaaaaaa-0000-4000-8000-00000000a11c',
      userPrincipalName: 'alice@contoso.example',
    });
  });

  it('accepts v1.0 access tokens (sts.windows.net issuer, api:// audience)', async () => {
    const fake = platform();
    const token = sign(
      fake.published.keys[0]!,
      claims({
        iss: `https://sts.windows.net/${TENANT}/`,
        aud: `api://${CLIENT_ID}`,
        upn: 'a@b.example',
        preferred_username: undefined,
      }),
    );
    expect((await validatorFor(fake).validate(token)).userPrincipalName).toBe('a@b.example');
  });

  it('refuses tampered, foreign-key, unsigned and garbage tokens', async () => {
    const fake = platform();
    const validator = validatorFor(fake);
    const genuine = sign(fake.published.keys[0]!, claims());
    const [header, , signature] = genuine.split('.');
    const raised = Buffer.from(JSON.stringify(claims({ oid: 'someone-else' }))).toString('base64url');
    expect(await rejection(validator.validate(`${header}.${raised}.${signature}`))).toBe('bad-signature');
    const impostor = { ...rsaKey('k1') };
    expect(await rejection(validator.validate(sign(impostor, claims())))).toBe('bad-signature');
    expect(
      await rejection(validator.validate(sign(fake.published.keys[0]!, claims(), { alg: 'none' }))),
    ).toBe('unsupported-algorithm');
    expect(
      await rejection(validator.validate(sign(fake.published.keys[0]!, claims(), { alg: 'HS256' }))),
    ).toBe('unsupported-algorithm');
    expect(await rejection(validator.validate('not.a-token'))).toBe('malformed');
    expect(await rejection(validator.validate('%%%.%%%.%%%'))).toBe('malformed');
    expect(await rejection(validator.validate('e30.bm90IGpzb24.c2ln'))).toBe('malformed');
  });

  it('refuses the wrong issuer, tenant, audience, and tokens out of date beyond the skew', async () => {
    const fake = platform();
    const validator = validatorFor(fake);
    const key = fake.published.keys[0]!;
    const now = NOW / 1000;
    expect(
      await rejection(validator.validate(sign(key, claims({ iss: `${AUTHORITY}/${OTHER_TENANT}/v2.0` })))),
    ).toBe('wrong-issuer');
    expect(await rejection(validator.validate(sign(key, claims({ tid: OTHER_TENANT }))))).toBe(
      'wrong-tenant',
    );
    expect(
      await rejection(validator.validate(sign(key, claims({ aud: 'https://graph.microsoft.com' })))),
    ).toBe('wrong-audience');
    expect(await rejection(validator.validate(sign(key, claims({ exp: now - 121 }))))).toBe('expired');
    await expect(validator.validate(sign(key, claims({ exp: now - 100 })))).resolves.toBeTruthy();
    expect(await rejection(validator.validate(sign(key, claims({ nbf: now + 121 }))))).toBe('not-yet-valid');
    expect(await rejection(validator.validate(sign(key, claims({ oid: undefined }))))).toBe('missing-claims');
    expect(await rejection(validator.validate(sign(key, claims()), { nonce: 'n1' }))).toBe('wrong-nonce');
    await expect(
      validator.validate(sign(key, claims({ nonce: 'n1' })), { nonce: 'n1' }),
    ).resolves.toBeTruthy();
  });

  it('follows a key rotation by fetching the JWKS again, but not for every made-up key id', async () => {
    const fake = platform();
    let now = NOW;
    const validator = validatorFor(fake, () => now);
    await validator.validate(sign(fake.published.keys[0]!, claims()));
    expect(fake.fetched).toHaveLength(2);
    await validator.validate(sign(fake.published.keys[0]!, claims()));
    expect(fake.fetched).toHaveLength(2); // cached

    const rotated = rsaKey('k2');
    fake.published.keys = [rotated];
    await validator.validate(sign(rotated, claims()));
    expect(fake.fetched).toHaveLength(4);

    const invented = rsaKey('k-invented');
    expect(await rejection(validator.validate(sign(invented, claims())))).toBe('unknown-key');
    expect(await rejection(validator.validate(sign(invented, claims())))).toBe('unknown-key');
    expect(fake.fetched).toHaveLength(4); // within the cool-down: no refetch
    now += 31_000;
    expect(await rejection(validator.validate(sign(invented, claims())))).toBe('unknown-key');
    expect(fake.fetched).toHaveLength(6);
  });

  it('reports an unreachable identity platform as such, and recovers when it is back', async () => {
    const fake = platform();
    let down = true;
    const validator = new EntraTokenValidator({
      clientId: CLIENT_ID,
      tenants: [TENANT],
      authority: AUTHORITY,
      clockSkewSeconds: 120,
      now: () => NOW,
      fetchJson: async (url) => {
        if (down) throw new Error('connect ECONNREFUSED');
        return fake.fetchJson(url);
      },
    });
    const token = sign(fake.published.keys[0]!, claims());
    await expect(validator.validate(token)).rejects.toBeInstanceOf(IdentityPlatformError);
    down = false;
    await expect(validator.validate(token)).resolves.toBeTruthy();
  });
});
