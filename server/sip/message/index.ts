/**
 * The SIP message layer: parsing, typed header values, building and serialising messages
 * (RFC 3261 sections 7, 19, 20, 25). It sits below transport, transaction, dialog and registrar
 * and imports none of them.
 */
export type {
  AbsoluteUri,
  ContentType,
  CSeq,
  NameAddr,
  ParseOptions,
  SipParams,
  SipRequestInit,
  SipResponseInit,
  SipUri,
  Uri,
  Via,
  ViaTransport,
} from './sip-message-types.js';
export { SipParseError, type SipParsePartial } from './sip-parse-error.js';
export { SipHeaders, type SipHeadersInit } from './headers.js';
export { headerKey, resolveHeaderName, type HeaderName } from './header-names.js';
export { formatUri, isSipUri, parseUri } from './uri.js';
export { normalizeEscapes, urisEqual } from './uri-compare.js';
export { formatNameAddr, parseNameAddr } from './name-addr.js';
export { formatVia, isRfc3261Branch, MAGIC_COOKIE, parseVia, withViaParams } from './via.js';
export {
  formatCSeq,
  MAX_CSEQ,
  parseCallId,
  parseContentLength,
  parseContentType,
  parseCSeq,
  parseDeltaSeconds,
  parseMaxForwards,
} from './header-values.js';
export { quote, unquote } from './syntax.js';
export { SipMessage, SipRequest, SipResponse } from './message.js';
export { DEFAULT_MAX_BYTES, parseSipMessage } from './parser.js';
export { createResponse, type CreateResponseOptions } from './response-builder.js';
export { generateBranch, generateCallId, generateTag } from './identifiers.js';
export { reasonPhrase } from './reason-phrases.js';
