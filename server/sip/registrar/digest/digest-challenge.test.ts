import { describe, expect, it } from 'vitest';
import { parseAuthParams } from './auth-params.js';
import { buildChallenge, buildChallenges } from './digest-challenge.js';

function paramsOf(challenge: string): Record<string, string> {
  const parsed = parseAuthParams(challenge);
  if (!parsed.ok) throw new Error(parsed.error.message);
  expect(parsed.scheme).toBe('Digest');
  return Object.fromEntries(parsed.params.map(({ name, value }) => [name, value]));
}

describe('buildChallenge', () => {
  it('writes a SHA-256 challenge with a quoted realm, nonce and qop list', () => {
    expect(buildChallenge({ realm: 'tandem', algorithm: 'SHA-256', nonce: 'n0nce', qop: 'auth' })).toBe(
      'Digest realm="tandem", nonce="n0nce", algorithm=SHA-256, qop="auth"',
    );
  });

  it('adds opaque and stale=true when asked, and leaves stale out otherwise', () => {
    const stale = buildChallenge({
      realm: 'r',
      algorithm: 'MD5',
      nonce: 'n',
      opaque: 'o',
      stale: true,
      qop: 'auth',
    });
    expect(paramsOf(stale)).toEqual({
      realm: 'r',
      nonce: 'n',
      opaque: 'o',
      stale: 'true',
      algorithm: 'MD5',
      qop: 'auth',
    });
    expect(
      buildChallenge({ realm: 'r', algorithm: 'MD5', nonce: 'n', stale: false, qop: 'auth' }),
    ).not.toContain('stale');
  });

  it('escapes quotes and backslashes so that the realm reads back unchanged', () => {
    const realm = 'Acme "Support" \\ Sales';
    expect(paramsOf(buildChallenge({ realm, algorithm: 'MD5', nonce: 'n', qop: 'auth' })).realm).toBe(realm);
  });

  it('refuses a realm holding a line break, which would split the header', () => {
    expect(() => buildChallenge({ realm: 'a\r\nVia: x', algorithm: 'MD5', nonce: 'n', qop: 'auth' })).toThrow(
      TypeError,
    );
  });
});

describe('buildChallenges', () => {
  it('offers SHA-256 first, then MD5, as separate header values sharing the nonce (RFC 8760)', () => {
    const challenges = buildChallenges({ realm: 'tandem', nonce: 'n', qop: 'auth' });
    expect(challenges.map((challenge) => paramsOf(challenge).algorithm)).toEqual(['SHA-256', 'MD5']);
    expect(new Set(challenges.map((challenge) => paramsOf(challenge).nonce))).toEqual(new Set(['n']));
  });

  it('offers only the algorithms asked for', () => {
    expect(
      buildChallenges({ realm: 'tandem', nonce: 'n', qop: 'auth', algorithms: ['SHA-256'] }),
    ).toHaveLength(1);
  });
});
