import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CREDENTIALS_LENGTH, parseDigestCredentials } from './digest-credentials.js';

function parsed(value: string) {
  const result = parseDigestCredentials(value);
  if (!result.ok) throw new Error(`expected ${value} to parse: ${result.error.message}`);
  return result.value;
}

describe('parseDigestCredentials', () => {
  it('reads the credentials of a SIP phone answering a challenge', () => {
    const credentials = parsed(
      'Digest username="alice", realm="tandem", nonce="abc", uri="sip:127.0.0.1", ' +
        'response="0123456789abcdef0123456789abcdef", algorithm=MD5, cnonce="xyz", nc=00000001, qop=auth, ' +
        'opaque="op"',
    );
    expect(credentials).toMatchObject({
      username: 'alice',
      realm: 'tandem',
      nonce: 'abc',
      uri: 'sip:127.0.0.1',
      response: '0123456789abcdef0123456789abcdef',
      algorithm: 'MD5',
      cnonce: 'xyz',
      nc: '00000001',
      qop: 'auth',
      opaque: 'op',
    });
  });

  it('reads the RFC 7616 section 3.9.1 SHA-256 credentials, folded over lines', () => {
    const credentials = parsed(
      'Digest username="Mufasa",\r\n    realm="http-auth@example.org",\r\n    uri="/dir/index.html",\r\n' +
        '    algorithm=SHA-256,\r\n    nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n' +
        '    nc=00000001,\r\n    cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",\r\n    qop=auth,\r\n' +
        '    response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",\r\n' +
        '    opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    expect(credentials.algorithm).toBe('SHA-256');
    expect(credentials.cnonce).toBe('f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ');
    expect(credentials.params.size).toBe(10);
  });

  it('accepts any case for the scheme and names, any order and any spacing', () => {
    const credentials = parsed('dIgEsT\tNONCE = "n" ,REALM=  "r",  UserName="bob"  ,uri="sip:x"');
    expect(credentials).toMatchObject({ username: 'bob', realm: 'r', nonce: 'n', uri: 'sip:x' });
  });

  it('unescapes backslash escapes in quoted strings and keeps commas inside them', () => {
    const credentials = parsed(String.raw`Digest username="DOMAIN\\al\"ice\"", realm="a, b", nonce="n"`);
    expect(credentials.username).toBe('DOMAIN\\al"ice"');
    expect(credentials.realm).toBe('a, b');
  });

  it('keeps unknown parameters, token or quoted, and ignores empty list elements', () => {
    const credentials = parsed('Digest username="a",, x-vendor=1.2, userhash="false", ');
    expect(credentials.params.get('x-vendor')).toBe('1.2');
    expect(credentials.params.get('userhash')).toBe('false');
  });

  it('keeps non-ASCII user names', () => {
    expect(parsed('Digest username="jürgen", realm="tändem"').username).toBe('jürgen');
  });

  it.each([
    ['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'not-digest'],
    ['Bearer abc', 'not-digest'],
    ['Digest', 'syntax'],
    ['Digest   ', 'syntax'],
    ['', 'syntax'],
    ['Digest username="alice', 'syntax'],
    ['Digest username="alice\\', 'syntax'],
    ['Digest username=', 'syntax'],
    ['Digest username', 'syntax'],
    ['Digest ="x"', 'syntax'],
    ['Digest username="a" realm="b"', 'syntax'],
    ['Digest uri=sip:127.0.0.1', 'syntax'],
    ['Digest username="a\u0000b"', 'syntax'],
    ['Digest username="a\r\nb"', 'syntax'],
    ['Digest username="a"\r\nVia: x', 'syntax'],
    ['Digestusername="a"', 'not-digest'],
    ['Digest username="a", USERNAME="b"', 'duplicate-parameter'],
    ['Digest response="1", response="2"', 'duplicate-parameter'],
  ])('refuses %j with a %s error', (value, code) => {
    const result = parseDigestCredentials(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('refuses credentials longer than MAX_CREDENTIALS_LENGTH before parsing them', () => {
    const result = parseDigestCredentials(`Digest username="${'a'.repeat(MAX_CREDENTIALS_LENGTH)}"`);
    expect(result).toMatchObject({ ok: false, error: { code: 'too-long' } });
  });

  it('never throws, whatever it is given', () => {
    const fragments = fc.constantFrom(
      'Digest ',
      'digest',
      '"',
      '\\',
      ',',
      '=',
      ' ',
      '\t',
      '\r\n ',
      'nc',
      'a',
      'é',
      '\u0000',
    );
    const headerLike = fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), headerLike), (value) => {
        const result = parseDigestCredentials(value);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 5000 },
    );
    expect(parseDigestCredentials(undefined as unknown as string).ok).toBe(false);
  });

  it('reads back any parameters written with any quoting, case and spacing', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
    // Everything a quoted-string can carry: no CR or LF.
    const value = fc.string({ unit: 'binary', maxLength: 30 }).filter((text) => !/[\r\n]/.test(text));
    const space = fc.constantFrom('', ' ', '  ', '\t', '\r\n ');
    // Escape quote, backslash and every control character but HTAB (quoted-pair allows all of them).
    const needsEscape = (char: string) =>
      char === '"' || char === '\\' || (char < ' ' && char !== '\t') || char === '\u007f';
    const quote = (text: string) =>
      `"${[...text].map((char) => (needsEscape(char) ? `\\${char}` : char)).join('')}"`;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value, space, fc.boolean()), {
          minLength: 1,
          maxLength: 8,
          selector: ([key]) => key,
        }),
        space,
        (params, gap) => {
          const list = params.map(
            ([key, text, around, upper]) =>
              `${upper ? key.toUpperCase() : key}${around}=${around}${quote(text)}`,
          );
          const result = parseDigestCredentials(`Digest ${list.join(`${gap},${gap}`)}`);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          // Line folding (CRLF + white space) reads as one space, inside quoted strings too.
          for (const [key, text] of params) expect(result.value.params.get(key)).toBe(text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
