/**
 * Builds a response to a request, RFC 3261 8.2.6.2 "Headers and Tags":
 *
 * "The From field of the response MUST equal the From header field of the request. The Call-ID
 * header field of the response MUST equal the Call-ID header field of the request. The CSeq
 * header field of the response MUST equal the CSeq field of the request. The Via header field
 * values in the response MUST equal the Via header field values in the request and MUST maintain
 * the same ordering. If a request contained a To tag in the request, the To header field in the
 * response MUST equal that of the request. However, if the To header field in the request did not
 * contain a tag, the URI in the To header field in the response MUST equal the URI in the To
 * header field; additionally, the UAS MUST add a tag to the To header field in the response (with
 * the exception of the 100 (Trying) response, in which a tag MAY be present)."
 */
import { SipHeaders, type SipHeadersInit } from './headers.js';
import { SipResponse, type SipRequest } from './message.js';
import { isToken } from './syntax.js';

export interface CreateResponseOptions {
  /** Added as `;tag=` to To when the request's To has none (every response but 100 needs one). */
  toTag?: string;
  /** Appended after the copied headers. */
  headers?: SipHeadersInit;
  body?: Buffer | string;
}

export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  options: CreateResponseOptions = {},
): SipResponse {
  if (options.toTag !== undefined && !isToken(options.toTag)) {
    throw new TypeError(`invalid To tag: ${JSON.stringify(options.toTag)}`);
  }
  const headers = new SipHeaders();
  // Row by row and verbatim, so that the Via values stay byte-identical and in order.
  for (const [name, value] of request.headers) {
    if (name === 'Via') headers.append(name, value);
  }
  headers.append('From', request.headers.get('from') ?? '');
  const to = request.headers.get('to') ?? '';
  const addTag = options.toTag !== undefined && request.toTag === undefined;
  headers.append('To', addTag ? `${to};tag=${options.toTag}` : to);
  headers.append('Call-ID', request.headers.get('call-id') ?? '');
  headers.append('CSeq', request.headers.get('cseq') ?? '');
  // 8.2.6.1: "If there is a Timestamp header field in the request, the UAS MUST copy it into the
  // 100 (Trying) response."
  const timestamp = request.headers.get('timestamp');
  if (status === 100 && timestamp !== undefined) headers.append('Timestamp', timestamp);
  if (options.headers !== undefined) {
    for (const [name, value] of new SipHeaders(options.headers)) headers.append(name, value);
  }
  return new SipResponse({ status, reason, headers, body: options.body });
}
