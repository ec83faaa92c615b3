/**
 * The fake identity platform's token-signing keys: real RSA keys, published as a JWKS the way Entra ID
 * publishes `discovery/v2.0/keys` (kty RSA, use sig, kid, n, e), and real RS256 signatures. `rotate()`
 * makes a new key the one that signs; the old one stays published unless `retire` is asked for, as
 * Microsoft overlaps keys during a rotation.
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
}

export class FakeSigningKeys {
  private keys: SigningKey[] = [];

  constructor() {
    this.rotate();
  }

  /** The key id that signs from now on. */
  get currentKid(): string {
    return this.keys[0]!.kid;
  }

  /** A new signing key; with `retire`, the previous keys leave the JWKS. Returns the new kid. */
  rotate(options: { retire?: boolean } = {}): string {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID().replaceAll('-', '').slice(0, 20);
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
    this.keys = [{ kid, privateKey, publicJwk }, ...(options.retire ? [] : this.keys)];
    return kid;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: this.keys.map((key) => key.publicJwk) };
  }

  /** A compact RS256 JWS of `claims` signed by the current key (or by `privateKey`, posing as `kid`). */
  sign(claims: Record<string, unknown>, options: { kid?: string; privateKey?: KeyObject } = {}): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: options.kid ?? this.currentKid };
    const signingInput = `${part(header)}.${part(claims)}`;
    const key = options.privateKey ?? this.keys[0]!.privateKey;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
    return `${signingInput}.${signature}`;
  }
}

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
