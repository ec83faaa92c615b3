import { describe, expect, it } from 'vitest';
import { generateBranch, generateCallId, generateTag } from './identifiers.js';
import { SipRequest } from './message.js';
import { parseSipMessage } from './parser.js';
import { reasonPhrase } from './reason-phrases.js';
import { createResponse } from './response-builder.js';
import { isToken } from './syntax.js';
import { sipText } from './sip-text.fixture.js';

function incomingInvite(toTag = ''): SipRequest {
  const request = parseSipMessage(
    sipText(
      [
        'INVITE sip:sales@tandem.example.com SIP/2.0',
        'v: SIP/2.0/UDP sbc.carrier.example.net;branch=z9hG4bKsbc, SIP/2.0/UDP 198.51.100.4:5060;branch=z9hG4bKue',
        'Via: SIP/2.0/UDP 198.51.100.2;branch=z9hG4bKorigin;received=198.51.100.3',
        'Max-Forwards: 68',
        'f: "Caller" <sip:+15550100@carrier.example.net>;tag=c4ll3r',
        `t: <sip:sales@tandem.example.com>${toTag}`,
        'i: incoming-1',
        'CSeq: 314159 INVITE',
        'Timestamp: 54.3',
        'Record-Route: <sip:sbc.carrier.example.net;lr>',
        'Content-Type: application/sdp',
        'Content-Length: 4',
      ],
      'v=0\n',
    ),
  );
  if (!(request instanceof SipRequest)) throw new Error('expected a request');
  return request;
}

describe('createResponse (RFC 3261 8.2.6.2)', () => {
  it('copies Via rows verbatim and in order, and From, To, Call-ID and CSeq', () => {
    const response = createResponse(incomingInvite(), 180, undefined, { toTag: 'ag3nt' });
    expect(response.toString()).toBe(
      sipText([
        'SIP/2.0 180 Ringing',
        'Via: SIP/2.0/UDP sbc.carrier.example.net;branch=z9hG4bKsbc, SIP/2.0/UDP 198.51.100.4:5060;branch=z9hG4bKue',
        'Via: SIP/2.0/UDP 198.51.100.2;branch=z9hG4bKorigin;received=198.51.100.3',
        'From: "Caller" <sip:+15550100@carrier.example.net>;tag=c4ll3r',
        'To: <sip:sales@tandem.example.com>;tag=ag3nt',
        'Call-ID: incoming-1',
        'CSeq: 314159 INVITE',
        'Content-Length: 0',
      ]),
    );
    const parsed = parseSipMessage(response.toBuffer());
    expect(parsed.toTag).toBe('ag3nt');
    expect(parsed.via.map((via) => via.branch)).toEqual(['z9hG4bKsbc', 'z9hG4bKue', 'z9hG4bKorigin']);
  });

  it('keeps a To tag the request already had', () => {
    const response = createResponse(incomingInvite(';tag=existing'), 200, 'OK', { toTag: 'other' });
    expect(response.toTag).toBe('existing');
    expect(response.headers.get('to')).toBe('<sip:sales@tandem.example.com>;tag=existing');
  });

  it('adds no tag unless asked, and copies Timestamp into 100 Trying only', () => {
    const trying = createResponse(incomingInvite(), 100);
    expect(trying.reason).toBe('Trying');
    expect(trying.toTag).toBeUndefined();
    expect(trying.headers.get('timestamp')).toBe('54.3');
    expect(createResponse(incomingInvite(), 180).headers.has('timestamp')).toBe(false);
  });

  it('appends extra headers and a body', () => {
    const response = createResponse(incomingInvite(), 200, undefined, {
      toTag: generateTag(),
      headers: { Contact: '<sip:sales@192.0.2.10:5060>', 'Content-Type': 'application/sdp' },
      body: 'v=0\r\n',
    });
    expect(response.contacts).toHaveLength(1);
    expect(response.toString().endsWith('Content-Length: 5\r\n\r\nv=0\r\n')).toBe(true);
  });

  it('refuses a To tag that is not a token', () => {
    expect(() => createResponse(incomingInvite(), 200, undefined, { toTag: 'a b' })).toThrow(TypeError);
  });
});

describe('identifiers', () => {
  it('makes unique token tags, magic-cookie branches and Call-IDs', () => {
    const tags = new Set(Array.from({ length: 1000 }, generateTag));
    expect(tags.size).toBe(1000);
    for (const tag of tags) expect(isToken(tag)).toBe(true);
    const branch = generateBranch();
    expect(branch).toMatch(/^z9hG4bK[A-Za-z0-9_-]{16}$/);
    expect(generateBranch()).not.toBe(branch);
    expect(generateCallId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(generateCallId('tandem.example.com')).toMatch(/^[A-Za-z0-9_-]{22}@tandem\.example\.com$/);
  });
});

describe('reasonPhrase', () => {
  it('knows the RFC 3261 phrases and falls back to the class', () => {
    expect(reasonPhrase(200)).toBe('OK');
    expect(reasonPhrase(481)).toBe('Call/Transaction Does Not Exist');
    expect(reasonPhrase(603)).toBe('Decline');
    expect(reasonPhrase(499)).toBe('Bad Request');
    expect(reasonPhrase(199)).toBe('Early Dialog Terminated');
    expect(reasonPhrase(150)).toBe('Trying');
  });
});
