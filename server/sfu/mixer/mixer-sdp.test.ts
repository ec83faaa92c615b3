import { describe, expect, it } from 'vitest';
import { mixerSdp } from './mixer-sdp.js';

describe('mixer SDP', () => {
  it('describes a plain RTP/AVP G.711 port on loopback with telephone-event and 20 ms packets', () => {
    const sdp = mixerSdp({
      address: '127.0.0.1',
      port: 40002,
      payloadType: 0,
      telephoneEventPayloadType: 101,
      sessionId: 77,
    });
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 77 1 IN IP4 127.0.0.1',
      's=Tandem mixer',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40002 RTP/AVP 0 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=rtcp:40002',
      'a=sendrecv',
      '',
    ]);
  });

  it('offers PCMA alone when asked to, without telephone-event', () => {
    const sdp = mixerSdp({
      address: '127.0.0.1',
      port: 40004,
      payloadType: 8,
      telephoneEventPayloadType: null,
      sessionId: 1,
      version: 3,
    });
    expect(sdp).toContain('o=- 1 3 IN IP4 127.0.0.1\r\n');
    expect(sdp).toContain('m=audio 40004 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=ptime:20\r\n');
    expect(sdp).not.toContain('telephone-event');
  });
});
