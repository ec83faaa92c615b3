/** The a=crypto attribute (RFC 4568) as our SRTP peer writes and reads it. */
import { describe, expect, it } from 'vitest';
import { cryptoAttribute, cryptoAttributes, randomMasterKey } from './sdes.fixture.js';

const KEY = 'WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz'; // 30 bytes, RFC 4568's example

describe('SDES crypto attributes', () => {
  it('writes a line that reads back to the same tag, suite and key', () => {
    const crypto = { tag: 3, suite: 'AES_CM_128_HMAC_SHA1_32' as const, master: randomMasterKey() };
    const line = cryptoAttribute(crypto);
    expect(line).toMatch(/^a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:[A-Za-z0-9+/]{40}$/);
    expect(cryptoAttributes(`v=0\r\n${line}\r\n`)).toEqual([crypto]);
  });

  it('reads key and salt from inline key material, ignoring lifetime and session parameters', () => {
    const sdp = [
      `a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:${KEY}${KEY}`,
      `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|2^20 KDR=0`,
      `a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:${KEY}`,
      '',
    ].join('\r\n');
    const found = cryptoAttributes(sdp);
    expect(found.map(({ tag, suite }) => [tag, suite])).toEqual([
      [2, 'AES_CM_128_HMAC_SHA1_80'],
      [3, 'AES_CM_128_HMAC_SHA1_32'],
    ]);
    const material = Buffer.from(KEY, 'base64');
    expect(found[0]!.master).toEqual({ key: material.subarray(0, 16), salt: material.subarray(16) });
  });

  it('refuses an MKI and key material of the wrong length', () => {
    expect(() => cryptoAttributes(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|2^20|1:4\r\n`)).toThrow(
      /MKI/,
    );
    expect(() => cryptoAttributes(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|1:4\r\n`)).toThrow(/MKI/);
    expect(() => cryptoAttributes('a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA\r\n')).toThrow(/length/);
  });
});
