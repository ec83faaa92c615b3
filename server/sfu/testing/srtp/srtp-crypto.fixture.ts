/**
 * The cryptographic transforms of SRTP (RFC 3711) for the AES_CM_128_HMAC_SHA1_80 and _32 suites, with
 * node:crypto only: AES in counter mode (section 4.1.1), the AES-CM key derivation (4.3) and the
 * HMAC-SHA1 authentication tag (4.2). Written for tests: our own SRTP peer, checked against the RFC's
 * appendix B vectors, so that what rtpengine sends can be decrypted and verified independently.
 */
import { createCipheriv, createHmac } from 'node:crypto';

export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';

export const SRTP_SUITES: readonly SrtpSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

/** Bytes of the authentication tag: 80 or 32 bits (RFC 4568 section 6.2). */
export const TAG_LENGTH: Readonly<Record<SrtpSuite, number>> = {
  AES_CM_128_HMAC_SHA1_80: 10,
  AES_CM_128_HMAC_SHA1_32: 4,
};

export const MASTER_KEY_LENGTH = 16;
export const MASTER_SALT_LENGTH = 14;

/** What SDES exchanges: a 128-bit master key and a 112-bit master salt. */
export interface MasterKey {
  key: Buffer;
  salt: Buffer;
}

/** The session keys of one SRTP stream direction (RFC 3711 section 4.3). */
export interface SessionKeys {
  cipherKey: Buffer; // n_e = 128 bits
  authKey: Buffer; // n_a = 160 bits
  salt: Buffer; // n_s = 112 bits
}

const BLOCK = 16;

/**
 * AES-CM keystream: AES-128 of the counter block `iv`, `iv` + 1, ... concatenated and cut to `length`
 * bytes. Encrypting zeros in CTR mode yields exactly that stream.
 */
export function aesCmKeystream(key: Buffer, iv: Buffer, length: number): Buffer {
  if (key.length !== 16 || iv.length !== BLOCK) throw new Error('AES-CM needs a 16-byte key and counter');
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  return Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]);
}

/** Session key labels for SRTP (RTCP's 0x03-0x05 are not needed here). */
const LABEL = { cipherKey: 0x00, authKey: 0x01, salt: 0x02 } as const;

/**
 * The AES-CM PRF with key_derivation_rate 0 (so r = index DIV kdr is 0): the key id is the label
 * followed by 48 zero bits, XORed into the low 56 bits of the master salt, and that 112-bit value
 * times 2^16 is the first counter block under the master key.
 */
export function deriveSessionKeys(master: MasterKey): SessionKeys {
  if (master.key.length !== MASTER_KEY_LENGTH || master.salt.length !== MASTER_SALT_LENGTH) {
    throw new Error('SRTP needs a 16-byte master key and a 14-byte master salt');
  }
  const derive = (label: number, length: number) => {
    const counter = Buffer.alloc(BLOCK);
    master.salt.copy(counter, 0);
    counter[MASTER_SALT_LENGTH - 7]! ^= label; // the 7-byte key id sits at the end of the 14-byte salt
    return aesCmKeystream(master.key, counter, length);
  };
  return {
    cipherKey: derive(LABEL.cipherKey, 16),
    authKey: derive(LABEL.authKey, 20),
    salt: derive(LABEL.salt, MASTER_SALT_LENGTH),
  };
}

/**
 * The counter block of one packet: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), where the
 * 48-bit packet index i = 2^16 * ROC + SEQ.
 */
export function packetIv(sessionSalt: Buffer, ssrc: number, roc: number, sequence: number): Buffer {
  const iv = Buffer.alloc(BLOCK);
  sessionSalt.copy(iv, 0);
  iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
  iv.writeUInt32BE((iv.readUInt32BE(8) ^ roc) >>> 0, 8);
  iv.writeUInt16BE(iv.readUInt16BE(12) ^ sequence, 12);
  return iv;
}

/** XORs the AES-CM keystream of this packet into `data` (encryption and decryption alike). */
export function applyKeystream(keys: SessionKeys, ssrc: number, roc: number, sequence: number, data: Buffer) {
  const stream = aesCmKeystream(keys.cipherKey, packetIv(keys.salt, ssrc, roc, sequence), data.length);
  const out = Buffer.alloc(data.length);
  for (let index = 0; index < data.length; index += 1) out[index] = data[index]! ^ stream[index]!;
  return out;
}

/** HMAC-SHA1 over the authenticated portion (header and encrypted payload) followed by the 32-bit ROC. */
export function authTag(keys: SessionKeys, suite: SrtpSuite, authenticated: Buffer, roc: number): Buffer {
  const rocBytes = Buffer.alloc(4);
  rocBytes.writeUInt32BE(roc >>> 0, 0);
  const mac = createHmac('sha1', keys.authKey).update(authenticated).update(rocBytes).digest();
  return mac.subarray(0, TAG_LENGTH[suite]);
}
