/**
 * SDES key exchange (RFC 4568): the `a=crypto` attribute that carries a master key and salt inline in
 * the SDP, as trunks offering RTP/SAVP (Teams, many carriers) send it and rtpengine answers it.
 *
 *   a=crypto:<tag> <crypto-suite> inline:<base64(key || salt)>[|<lifetime>][|<MKI>:<length>] [params]
 */
import { randomBytes } from 'node:crypto';
import {
  MASTER_KEY_LENGTH,
  MASTER_SALT_LENGTH,
  SRTP_SUITES,
  type MasterKey,
  type SrtpSuite,
} from './srtp-crypto.fixture.js';

export interface SdesCrypto {
  tag: number;
  suite: SrtpSuite;
  master: MasterKey;
}

export function randomMasterKey(): MasterKey {
  return { key: randomBytes(MASTER_KEY_LENGTH), salt: randomBytes(MASTER_SALT_LENGTH) };
}

/** The attribute line, without its line ending. */
export function cryptoAttribute({ tag, suite, master }: SdesCrypto): string {
  return `a=crypto:${tag} ${suite} inline:${Buffer.concat([master.key, master.salt]).toString('base64')}`;
}

/**
 * The crypto attributes of an SDP body whose suite we implement, in their order of preference (the
 * order of the lines). One that names an MKI is refused: packets would carry it and we do not.
 */
export function cryptoAttributes(sdp: string): SdesCrypto[] {
  const found: SdesCrypto[] = [];
  for (const match of sdp.matchAll(/^a=crypto:(\d+) (\S+) inline:([A-Za-z0-9+/=]+)(\S*)/gm)) {
    const [, tag, suite, inline, rest] = match;
    if (!SRTP_SUITES.includes(suite as SrtpSuite)) continue;
    if (/^(\|[^|:]+)?\|\d+:\d+/.test(rest!)) throw new Error(`MKI is not supported: ${match[0]}`);
    const material = Buffer.from(inline!, 'base64');
    if (material.length !== MASTER_KEY_LENGTH + MASTER_SALT_LENGTH) {
      throw new Error(`bad key length (${material.length} bytes): ${match[0]}`);
    }
    found.push({
      tag: Number(tag),
      suite: suite as SrtpSuite,
      master: {
        key: material.subarray(0, MASTER_KEY_LENGTH),
        salt: material.subarray(MASTER_KEY_LENGTH),
      },
    });
  }
  return found;
}
