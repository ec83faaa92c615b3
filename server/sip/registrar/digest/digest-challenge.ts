/**
 * Building the WWW-Authenticate / Proxy-Authenticate values a registrar or proxy sends with a 401 or 407.
 *
 * RFC 3261 section 25.1:
 *   digest-cln   =  realm / domain / nonce / opaque / stale / algorithm / qop-options / auth-param
 *   stale        =  "stale" EQUAL ( "true" / "false" )
 *   qop-options  =  "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT
 */
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from './digest-algorithm.js';
import { quoteString } from './quoted-string.js';

export interface DigestChallengeOptions {
  readonly realm: string;
  readonly algorithm: DigestAlgorithm;
  readonly nonce: string;
  readonly opaque?: string;
  /**
   * RFC 2617 section 3.2.1: "stale: A flag, indicating that the previous request from the client was
   * rejected because the nonce value was stale." The client may then retry with the new nonce without
   * asking its user for the password again.
   */
  readonly stale?: boolean;
  /**
   * RFC 3261 section 22.4 (item 8) asks servers always to send qop; we support "auth" only (auth-int would
   * hash the body, which protects little without integrity for the headers).
   */
  readonly qop: 'auth';
}

/** One challenge, e.g. `Digest realm="tandem", nonce="...", algorithm=SHA-256, qop="auth"`. */
export function buildChallenge(options: DigestChallengeOptions): string {
  const parts = [`realm=${quoteString(options.realm)}`, `nonce=${quoteString(options.nonce)}`];
  if (options.opaque !== undefined) parts.push(`opaque=${quoteString(options.opaque)}`);
  if (options.stale === true) parts.push('stale=true');
  parts.push(`algorithm=${options.algorithm}`, `qop="${options.qop}"`);
  return `Digest ${parts.join(', ')}`;
}

/**
 * The challenges a registrar sends, one header field value per algorithm, most preferred first: RFC 8760
 * has a UAS that supports several algorithms offer one challenge for each, ordered by preference, so that
 * a client picks the strongest it knows (SHA-256) and an older one still finds MD5.
 */
export function buildChallenges(
  options: Omit<DigestChallengeOptions, 'algorithm'> & { readonly algorithms?: readonly DigestAlgorithm[] },
): string[] {
  const { algorithms = DIGEST_ALGORITHMS, ...common } = options;
  return algorithms.map((algorithm) => buildChallenge({ ...common, algorithm }));
}
