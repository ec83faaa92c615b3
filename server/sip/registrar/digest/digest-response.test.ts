import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeDigestResponse } from './digest-response.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('computeDigestResponse', () => {
  // RFC 7616 section 3.9.1: user "Mufasa", password "Circle of Life", realm "http-auth@example.org",
  // GET /dir/index.html, with the response values as published there.
  const rfc7616 = {
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    method: 'GET',
    uri: '/dir/index.html',
    qop: { qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
  } as const;

  it('gives the MD5 response published in RFC 7616 section 3.9.1', () => {
    const ha1 = md5('Mufasa:http-auth@example.org:Circle of Life');
    expect(computeDigestResponse({ ...rfc7616, algorithm: 'MD5', ha1 })).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  it('gives the SHA-256 response published in RFC 7616 section 3.9.1', () => {
    const ha1 = sha256('Mufasa:http-auth@example.org:Circle of Life');
    expect(computeDigestResponse({ ...rfc7616, algorithm: 'SHA-256', ha1 })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('gives the response published in RFC 2617 section 3.5', () => {
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: { qop: 'auth', nc: '00000001', cnonce: '0a4f113b' },
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('computes the RFC 2069 form H(HA1:nonce:H(method:uri)) when there is no qop', () => {
    const ha1 = sha256('alice:tandem:s3cret');
    const expected = sha256(`${ha1}:abc:${sha256('REGISTER:sip:127.0.0.1')}`);
    expect(
      computeDigestResponse({
        algorithm: 'SHA-256',
        ha1,
        nonce: 'abc',
        method: 'REGISTER',
        uri: 'sip:127.0.0.1',
      }),
    ).toBe(expected);
  });

  it('hashes non-ASCII user names and passwords as UTF-8', () => {
    const ha1 = md5('jürgen:tandem:pässwörd');
    const expected = md5(`${ha1}:n:00000002:c:auth:${md5('INVITE:sip:queue@tandem')}`);
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: 'n',
      method: 'INVITE',
      uri: 'sip:queue@tandem',
      qop: { qop: 'auth', nc: '00000002', cnonce: 'c' },
    });
    expect(response).toBe(expected);
  });
});
