/**
 * Helpers for the message tests: writing a message line by line, and reading back everything a
 * layer above would read from one, so that two parses can be compared.
 */
import { SipRequest, type SipResponse } from './message.js';
import { SipParseError } from './sip-parse-error.js';

function attempt<T>(read: () => T): T | { error: string } {
  try {
    return read();
  } catch (error) {
    if (error instanceof SipParseError) return { error: error.reason };
    throw error;
  }
}

/**
 * Everything the layers above read from a message, a failing accessor as `{ error }`, so that
 * two parses can be compared. Content-Length is left out: serialisation always writes it.
 */
export function structureOf(message: SipRequest | SipResponse): Record<string, unknown> {
  return {
    startLine:
      message instanceof SipRequest
        ? { method: message.method, uri: message.uri }
        : [message.status, message.reason],
    headers: [...message.headers].filter(([name]) => name !== 'Content-Length'),
    body: message.body.toString('hex'),
    via: attempt(() => message.via),
    from: attempt(() => message.from),
    to: attempt(() => message.to),
    callId: attempt(() => message.callId),
    cseq: attempt(() => message.cseq),
    contacts: attempt(() => message.contacts),
    isContactWildcard: message.isContactWildcard,
    routes: attempt(() => message.routes),
    recordRoutes: attempt(() => message.recordRoutes),
    maxForwards: attempt(() => message.maxForwards),
    expires: attempt(() => message.expires),
    contentType: attempt(() => message.contentType),
    allow: message.allow,
    supported: message.supported,
    require: message.require,
    userAgent: message.userAgent,
  };
}

/** Header lines joined by CRLF (or `eol`), the empty line, then the body. */
export function sipText(lines: readonly string[], body = '', eol = '\r\n'): string {
  return `${lines.join(eol)}${eol}${eol}${body}`;
}
