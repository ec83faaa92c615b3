/**
 * The raw values of the headers needed to answer a message that could not be parsed with
 * `400 Bad Request` (RFC 3261 8.2.6.2 copies them into the response).
 */
export interface SipParsePartial {
  /** False when the start line looked like a status line: a response is never answered. */
  readonly isRequest: boolean;
  /** Every Via value, top first. */
  readonly via: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly callId?: string;
  readonly cseq?: string;
}

/**
 * A message, or one of its header values, that does not follow the RFC 3261 grammar. It is the
 * only error the parser and the lazy typed accessors throw for bad input.
 *
 * `status` is the response a request deserves: 400 by default, 505 for another SIP version (RFC
 * 3261 21.5.20 "505 Version Not Supported"), 513 for a message above the size limit (21.5.19
 * "513 Message Too Large"). `partial` holds what could still be read to build that response.
 */
export class SipParseError extends Error {
  override name = 'SipParseError';

  constructor(
    /** Short and stable, e.g. `missing Call-ID`, `malformed Via`. */
    readonly reason: string,
    readonly partial?: SipParsePartial,
    readonly status: 400 | 505 | 513 = 400,
  ) {
    super(reason);
  }
}

/** Throws `SipParseError('malformed <what>')`. */
export function malformed(what: string): never {
  throw new SipParseError(`malformed ${what}`);
}
