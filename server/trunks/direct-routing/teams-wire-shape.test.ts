import { describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { parseSipMessage, SipRequest, type SipResponse } from '../../sip/message/index.js';
import type { Flow } from '../../sip/transport/transport-types.js';
import { TeamsWireShape } from './teams-wire-shape.js';

const logger = createRootLogger({ level: 'silent' });
const flow: Flow = {
  id: 'tls:127.0.0.1:5061#dr1',
  protocol: 'tls',
  local: { host: '127.0.0.1', port: 5067 },
  remote: { host: '127.0.0.1', port: 5061 },
  reliable: true,
};
const sbc = { fqdn: 'sbc.contoso.test', port: 5067, component: 'ContactCenter', version: '1.2.3' };

/** What the media plane gives for an SDES leg, on hold (sendonly), with suites Teams does not take. */
const MEDIA_PLANE_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 30000 RTP/SAVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=crypto:6 AES_256_CM_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdA',
  'a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoZ|2^20|1:4',
  'a=sendonly',
  '',
].join('\r\n');

function reinvite(body: string): SipRequest {
  return new SipRequest({
    method: 'INVITE',
    uri: 'sip:+14255550100@sip.pstnhub.microsoft.com:5061;transport=tls',
    headers: [
      ['Via', 'SIP/2.0/TLS 127.0.0.1:5067;branch=z9hG4bKshape1'],
      ['Max-Forwards', '70'],
      ['From', '<sip:+15550100@sbc.contoso.test;user=phone>;tag=a'],
      ['To', '<sip:+14255550100@sip.pstnhub.microsoft.com;user=phone>;tag=b'],
      ['Call-ID', 'shape-1'],
      ['CSeq', '2 INVITE'],
      ['Contact', '<sip:tandem@127.0.0.1:5067;transport=tls>'],
      ['Allow', 'INVITE, ACK, BYE'],
      ['Content-Type', 'application/sdp'],
    ],
    body,
  });
}

function shapedBy(shape: TeamsWireShape, message: SipRequest): SipRequest | SipResponse {
  return parseSipMessage(shape.shape(message.toBuffer(), flow));
}

describe('what leaves on the Direct Routing trunk', () => {
  const shape = new TeamsWireShape({ inner: null as never, identityOf: () => sbc, logger });

  it('carries the tenant FQDN in Contact, X-MS-SBC and REFER in Allow, and Teams-shaped SDP', () => {
    const out = shapedBy(shape, reinvite(MEDIA_PLANE_SDP));
    expect(out.headers.get('contact')).toBe('<sip:sbc.contoso.test:5067;transport=tls>');
    expect(out.headers.getAll('contact')).toHaveLength(1);
    expect(out.headers.get('x-ms-sbc')).toBe('Tandem/ContactCenter/1.2.3');
    expect(out.headers.getAll('allow').join(', ')).toMatch(/\bREFER\b/);
    expect(out.toString()).not.toMatch(/^Allow: INVITE, ACK, BYE\r$/m);
    expect(out.bodyText).toMatch(/^a=inactive$/m);
    expect(out.bodyText).not.toMatch(/^a=sendonly$/m);
    // Only the Teams suite stays, under the tag the offer gave it, with 2^31 and no MKI.
    expect(out.bodyText.match(/^a=crypto:.*$/gm)).toEqual([
      'a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoZ|2^31',
    ]);
    expect(out.bodyText).toMatch(/^a=rtcp-mux$/m);
  });

  it('adds no Contact or Allow to an ACK, but X-MS-SBC', () => {
    const ack = new SipRequest({
      method: 'ACK',
      uri: 'sip:+14255550100@sip.pstnhub.microsoft.com:5061;transport=tls',
      headers: [
        ['Via', 'SIP/2.0/TLS 127.0.0.1:5067;branch=z9hG4bKshape2'],
        ['From', '<sip:+15550100@sbc.contoso.test>;tag=a'],
        ['To', '<sip:+14255550100@sip.pstnhub.microsoft.com>;tag=b'],
        ['Call-ID', 'shape-2'],
        ['CSeq', '1 ACK'],
      ],
    });
    const out = shapedBy(shape, ack);
    expect(out.headers.has('contact')).toBe(false);
    expect(out.headers.has('allow')).toBe(false);
    expect(out.headers.get('x-ms-sbc')).toBe('Tandem/ContactCenter/1.2.3');
  });

  it('sends an SDP Teams cannot take unchanged (Teams refuses it; the log says why) rather than failing the send', () => {
    const plain = MEDIA_PLANE_SDP.replace('RTP/SAVP', 'RTP/AVP');
    expect(shapedBy(shape, reinvite(plain)).bodyText).toBe(plain);
  });

  it('passes bytes it cannot read through untouched', () => {
    const junk = Buffer.from('not SIP at all\r\n\r\n');
    expect(shape.shape(junk, flow)).toBe(junk);
  });
});
