/**
 * Our SRTP transforms against RFC 3711 appendix B (B.2 AES-CM keystream, B.3 key derivation) and the
 * reference packet every SRTP implementation checks itself with (libsrtp's srtp_driver), so that a
 * disagreement with rtpengine can only be rtpengine's or the negotiation's, never our arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { SrtpContext } from './srtp-context.fixture.js';
import {
  aesCmKeystream,
  applyKeystream,
  deriveSessionKeys,
  packetIv,
  type SessionKeys,
} from './srtp-crypto.fixture.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('RFC 3711 B.2: AES-CM test vectors', () => {
  const keys: SessionKeys = {
    cipherKey: hex('2B7E151628AED2A6ABF7158809CF4F3C'),
    salt: hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'),
    authKey: Buffer.alloc(20),
  };

  it('forms the first counter block from salt, SSRC 0, ROC 0 and SEQ 0', () => {
    expect(packetIv(keys.salt, 0, 0, 0)).toEqual(hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000'));
  });

  it('produces the keystream blocks of the whole 65282-block segment', () => {
    // Encrypting zeros yields the keystream itself.
    const stream = applyKeystream(keys, 0, 0, 0, Buffer.alloc(1_044_512));
    const block = (counter: number) => stream.subarray(counter * 16, counter * 16 + 16).toString('hex');
    expect(block(0x0000)).toBe('e03ead0935c95e80e166b16dd92b4eb4');
    expect(block(0x0001)).toBe('d23513162b02d0f72a43a2fe4a5f97ab');
    expect(block(0x0002)).toBe('41e95b3bb0a2e8dd477901e4fca894c0');
    expect(block(0xfeff)).toBe('ec8cdf7398607cb0f2d21675ea9ea1e4');
    expect(block(0xff00)).toBe('362b7c3c6773516318a077d7fc5073ae');
    expect(block(0xff01)).toBe('6a2cc3787889374fbeb4c81b17ba6c44');
  });
});

describe('RFC 3711 B.3: key derivation test vectors', () => {
  const master = { key: hex('E1F97A0D3E018BE0D64FA32C06DE4139'), salt: hex('0EC675AD498AFEEBB6960B3AABE6') };

  it('derives the cipher key (label 0x00), cipher salt (0x02) and auth key (0x01)', () => {
    const keys = deriveSessionKeys(master);
    expect(keys.cipherKey.toString('hex')).toBe('c61e7a93744f39ee10734afe3ff7a087');
    expect(keys.salt.toString('hex')).toBe('30cbbc08863d8c85d49db34a9ae1');
    expect(keys.authKey.toString('hex')).toBe('cebe321f6ff7716b6fd4ab49af256a156d38baa4');
  });

  it('runs the PRF on for the 94-octet auth key of the appendix', () => {
    const authKey = aesCmKeystream(master.key, hex('0EC675AD498AFEEAB6960B3AABE60000'), 94);
    expect(authKey).toEqual(
      hex(`CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
           E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
           6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2`),
    );
  });

  it('refuses master keys of the wrong size', () => {
    expect(() => deriveSessionKeys({ key: Buffer.alloc(15), salt: Buffer.alloc(14) })).toThrow(/16-byte/);
    expect(() => deriveSessionKeys({ key: Buffer.alloc(16), salt: Buffer.alloc(12) })).toThrow(/14-byte/);
  });
});

describe('a whole SRTP packet: the reference packet (B.3 master key, SSRC cafebabe, SEQ 0x1234)', () => {
  const master = { key: hex('E1F97A0D3E018BE0D64FA32C06DE4139'), salt: hex('0EC675AD498AFEEBB6960B3AABE6') };
  const plain = hex('800f1234decafbadcafebabe' + 'ab'.repeat(16));
  const cipher = '800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402';

  it('protects to the published ciphertext and 80-bit tag, and unprotects back', () => {
    const srtp = new SrtpContext(master).protect(plain);
    expect(srtp.toString('hex')).toBe(`${cipher}b78d6acc99ea179b8dbb`);
    expect(new SrtpContext(master).unprotect(srtp)).toEqual({ ok: true, roc: 0, packet: plain });
  });

  it('with HMAC_SHA1_32 carries the leftmost 32 bits of the same MAC', () => {
    const suite = 'AES_CM_128_HMAC_SHA1_32';
    const srtp = new SrtpContext(master, { suite }).protect(plain);
    expect(srtp.toString('hex')).toBe(`${cipher}b78d6acc`);
    expect(new SrtpContext(master, { suite }).unprotect(srtp)).toMatchObject({ ok: true, packet: plain });
  });
});
