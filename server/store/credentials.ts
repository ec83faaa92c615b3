/**
 * Credential hashing. API passwords: scrypt with a random salt. SIP digest: the HA1 values
 * H(username ":" realm ":" password) for MD5 (RFC 2617) and SHA-256 (RFC 8760, section 2.2), which is
 * all a registrar needs to check a response without ever storing the password.
 */
import {
  createHash,
  randomBytes,
  scrypt,
  scryptSync,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function encode(salt: Buffer, key: Buffer): string {
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Synchronous on purpose: used when creating accounts (seeding, admin), never per request. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return encode(salt, scryptSync(password, salt, KEY_LENGTH, PARAMS));
}

/** Checks a password against a stored hash off the event loop's critical path. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64');
  const options: ScryptOptions = { N: Number(n), r: Number(r), p: Number(p) };
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, Buffer.from(saltText, 'base64'), expected.length, options, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export function digestHa1(
  algorithm: 'MD5' | 'SHA-256',
  username: string,
  realm: string,
  password: string,
): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(`${username}:${realm}:${password}`)
    .digest('hex');
}
