import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDigestCredentials, type DigestCredentials } from './digest-credentials.js';
import { NonceManager } from './nonce-manager.js';
import { verifyDigest } from './verify-digest.js';

const REALM = 'tandem';
const hashes = { MD5: 'md5', 'SHA-256': 'sha256' } as const;
type Algorithm = keyof typeof hashes;
const h = (algorithm: Algorithm, text: string) => createHash(hashes[algorithm]).update(text).digest('hex');

/** What the registrar has stored for alice: only HA1 values, as server/store/credentials.ts computes them. */
const storedHa1 = (algorithm: Algorithm, password = 'correct horse') =>
  h(algorithm, `alice:${REALM}:${password}`);

interface PhoneAnswer {
  algorithm?: Algorithm;
  password?: string;
  realm?: string;
  nonce: string;
  nc?: number;
  cnonce?: string;
  method?: string;
  omit?: string[];
  extra?: string;
  qop?: boolean;
}

/** A SIP phone answering a challenge, computed here independently of the code under test. */
function phoneCredentials(answer: PhoneAnswer): DigestCredentials {
  const algorithm = answer.algorithm ?? 'SHA-256';
  const realm = answer.realm ?? REALM;
  const uri = 'sip:127.0.0.1';
  const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = answer.cnonce ?? 'phone-cnonce';
  const ha1 = h(algorithm, `alice:${realm}:${answer.password ?? 'correct horse'}`);
  const ha2 = h(algorithm, `${answer.method ?? 'REGISTER'}:${uri}`);
  const withQop = answer.qop ?? true;
  const response = withQop
    ? h(algorithm, `${ha1}:${answer.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : h(algorithm, `${ha1}:${answer.nonce}:${ha2}`);
  const params: Record<string, string> = {
    username: '"alice"',
    realm: `"${realm}"`,
    nonce: `"${answer.nonce}"`,
    uri: `"${uri}"`,
    response: `"${response}"`,
    algorithm,
    ...(withQop ? { cnonce: `"${cnonce}"`, nc, qop: 'auth' } : {}),
  };
  for (const name of answer.omit ?? []) delete params[name];
  const text = Object.entries(params).map(([name, value]) => `${name}=${value}`);
  if (answer.extra !== undefined) text.push(answer.extra);
  const parsed = parseDigestCredentials(`Digest ${text.join(', ')}`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function registrar(lifetimeMs = 300_000) {
  const clock = { now: 1_700_000_000_000 };
  const nonceManager = new NonceManager({ lifetimeMs, now: () => clock.now });
  const verify = (credentials: DigestCredentials, algorithm: Algorithm = 'SHA-256', method = 'REGISTER') =>
    verifyDigest({ credentials, method, ha1: storedHa1(algorithm), expectedRealm: REALM, nonceManager });
  return { clock, nonceManager, verify };
}

describe('verifyDigest', () => {
  it('lets alice register with SHA-256 and with MD5', () => {
    const { nonceManager, verify } = registrar();
    expect(verify(phoneCredentials({ nonce: nonceManager.issue(REALM) }))).toEqual({ outcome: 'ok' });
    expect(verify(phoneCredentials({ algorithm: 'MD5', nonce: nonceManager.issue(REALM) }), 'MD5')).toEqual({
      outcome: 'ok',
    });
  });

  it('lets alice refresh her registration on the same nonce with a rising nonce-count', () => {
    const { nonceManager, verify } = registrar();
    const nonce = nonceManager.issue(REALM);
    expect(verify(phoneCredentials({ nonce, nc: 1 })).outcome).toBe('ok');
    expect(verify(phoneCredentials({ nonce, nc: 2, cnonce: 'another' })).outcome).toBe('ok');
  });

  it('rejects a wrong password', () => {
    const { nonceManager, verify } = registrar();
    const result = verify(phoneCredentials({ nonce: nonceManager.issue(REALM), password: 'Tr0ub4dor&3' }));
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'wrong-response' });
  });

  it('rejects a response computed for another method', () => {
    const { nonceManager, verify } = registrar();
    const result = verify(phoneCredentials({ nonce: nonceManager.issue(REALM), method: 'INVITE' }));
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'wrong-response' });
  });

  it('rejects credentials for another realm', () => {
    const { nonceManager, verify } = registrar();
    const result = verify(phoneCredentials({ nonce: nonceManager.issue(REALM), realm: 'elsewhere' }));
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'wrong-realm' });
  });

  it('asks for a new challenge (stale) when the nonce has expired but the password is right', () => {
    const { nonceManager, verify, clock } = registrar(300_000);
    const nonce = nonceManager.issue(REALM);
    clock.now += 300_001;
    expect(verify(phoneCredentials({ nonce }))).toEqual({ outcome: 'stale' });
  });

  it('does not call an expired nonce stale when the password is wrong', () => {
    const { nonceManager, verify, clock } = registrar(300_000);
    const nonce = nonceManager.issue(REALM);
    clock.now += 300_001;
    expect(verify(phoneCredentials({ nonce, password: 'guess' }))).toMatchObject({
      reason: 'wrong-response',
    });
  });

  it('rejects a nonce the registrar never issued, even with a correct response for it', () => {
    const { verify, clock } = registrar();
    // Well formed (version, current time, random bytes) but with a made-up MAC.
    const forgedBytes = Buffer.alloc(35, 0x5a);
    forgedBytes.writeUInt8(1, 0);
    forgedBytes.writeUIntBE(clock.now, 1, 6);
    const forged = forgedBytes.toString('base64url');
    expect(verify(phoneCredentials({ nonce: forged }))).toMatchObject({
      outcome: 'rejected',
      reason: 'invalid-nonce',
    });
    const fromAnotherServer = new NonceManager().issue(REALM);
    expect(verify(phoneCredentials({ nonce: fromAnotherServer }))).toMatchObject({ reason: 'invalid-nonce' });
  });

  it('rejects a captured request replayed with the same nonce-count', () => {
    const { nonceManager, verify } = registrar();
    const captured = phoneCredentials({ nonce: nonceManager.issue(REALM), nc: 3 });
    expect(verify(captured).outcome).toBe('ok');
    expect(verify(captured)).toMatchObject({ outcome: 'rejected', reason: 'replay' });
    const nonce = captured.nonce as string;
    expect(verify(phoneCredentials({ nonce, nc: 2 }))).toMatchObject({ reason: 'replay' });
  });

  it('asks for a new challenge rather than risk a replay once the guard has forgotten a nonce', () => {
    const clock = { now: 1_700_000_000_000 };
    const nonceManager = new NonceManager({ maxTrackedNonces: 1, now: () => clock.now });
    const check = (credentials: DigestCredentials) =>
      verifyDigest({
        credentials,
        method: 'REGISTER',
        ha1: storedHa1('SHA-256'),
        expectedRealm: REALM,
        nonceManager,
      });
    const first = nonceManager.issue(REALM);
    expect(check(phoneCredentials({ nonce: first, nc: 1 })).outcome).toBe('ok');
    clock.now += 1;
    expect(check(phoneCredentials({ nonce: nonceManager.issue(REALM) })).outcome).toBe('ok');
    expect(check(phoneCredentials({ nonce: first, nc: 1 }))).toEqual({ outcome: 'stale' });
  });

  it('does not let a failed attempt burn nonce-counts for the real phone', () => {
    const { nonceManager, verify } = registrar();
    const nonce = nonceManager.issue(REALM);
    expect(verify(phoneCredentials({ nonce, nc: 0xffff, password: 'guess' })).outcome).toBe('rejected');
    expect(verify(phoneCredentials({ nonce, nc: 1 })).outcome).toBe('ok');
  });

  it('rejects qop=auth without cnonce or nc as missing parameters', () => {
    const { nonceManager, verify } = registrar();
    const withoutCnonce = phoneCredentials({ nonce: nonceManager.issue(REALM), omit: ['cnonce'] });
    expect(verify(withoutCnonce)).toMatchObject({ outcome: 'rejected', reason: 'missing-parameters' });
    const withoutNc = phoneCredentials({ nonce: nonceManager.issue(REALM), omit: ['nc'] });
    expect(verify(withoutNc)).toMatchObject({ reason: 'missing-parameters', detail: 'qop=auth without nc' });
  });

  it.each(['username', 'realm', 'nonce', 'uri', 'response'])('rejects credentials without %s', (name) => {
    const { nonceManager, verify } = registrar();
    const result = verify(phoneCredentials({ nonce: nonceManager.issue(REALM), omit: [name] }));
    expect(result).toMatchObject({
      outcome: 'rejected',
      reason: 'missing-parameters',
      detail: `missing ${name}`,
    });
  });

  it('rejects a malformed or zero nonce-count', () => {
    const { nonceManager, verify } = registrar();
    for (const nc of ['1', '0000000g', '00000000', '000000001']) {
      const credentials = phoneCredentials({ nonce: nonceManager.issue(REALM) });
      const tampered = { ...credentials, nc };
      expect(verify(tampered), nc).toMatchObject({ reason: 'malformed-parameter' });
    }
  });

  it('names unknown algorithms and refuses the -sess variants it never offers', () => {
    const { nonceManager, verify } = registrar();
    const credentials = phoneCredentials({ nonce: nonceManager.issue(REALM) });
    expect(verify({ ...credentials, algorithm: 'SHA-1' })).toMatchObject({ reason: 'unknown-algorithm' });
    expect(verify({ ...credentials, algorithm: 'MD5-sess' })).toMatchObject({
      reason: 'unsupported-algorithm',
    });
    expect(verify({ ...credentials, algorithm: 'SHA-256-sess' })).toMatchObject({
      reason: 'unsupported-algorithm',
    });
  });

  it('treats a missing algorithm as MD5 (RFC 2617 section 3.2.1)', () => {
    const { nonceManager, verify } = registrar();
    const credentials = phoneCredentials({
      algorithm: 'MD5',
      nonce: nonceManager.issue(REALM),
      omit: ['algorithm'],
    });
    expect(verify(credentials, 'MD5')).toEqual({ outcome: 'ok' });
  });

  it('refuses qop values other than auth', () => {
    const { nonceManager, verify } = registrar();
    const credentials = phoneCredentials({ nonce: nonceManager.issue(REALM) });
    expect(verify({ ...credentials, qop: 'auth-int' })).toMatchObject({ reason: 'unsupported-qop' });
  });

  it('accepts the RFC 2069 form without qop once per nonce, unless qop is required', () => {
    const { nonceManager, verify } = registrar();
    const credentials = phoneCredentials({ nonce: nonceManager.issue(REALM), qop: false });
    expect(verify(credentials)).toEqual({ outcome: 'ok' });
    expect(verify(credentials)).toMatchObject({ reason: 'replay' });
    const strict = verifyDigest({
      credentials: phoneCredentials({ nonce: nonceManager.issue(REALM), qop: false }),
      method: 'REGISTER',
      ha1: storedHa1('SHA-256'),
      expectedRealm: REALM,
      nonceManager,
      requireQop: true,
    });
    expect(strict).toMatchObject({ reason: 'unsupported-qop' });
  });

  it('accepts a response written in upper-case hex and an unknown extra parameter', () => {
    const { nonceManager, verify } = registrar();
    const credentials = phoneCredentials({ nonce: nonceManager.issue(REALM), extra: 'x-phone="yealink"' });
    expect(verify({ ...credentials, response: credentials.response?.toUpperCase() })).toEqual({
      outcome: 'ok',
    });
  });

  it('throws a TypeError when given the HA1 of the wrong algorithm (a programming error)', () => {
    const { nonceManager } = registrar();
    const credentials = phoneCredentials({ nonce: nonceManager.issue(REALM) });
    expect(() =>
      verifyDigest({
        credentials,
        method: 'REGISTER',
        ha1: storedHa1('MD5'),
        expectedRealm: REALM,
        nonceManager,
      }),
    ).toThrow(TypeError);
  });
});
