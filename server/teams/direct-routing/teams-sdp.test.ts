import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../shared/errors.js';
import { audioDirection, sdpTowardTeams } from './teams-sdp.js';

const KEY = 'WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoZ';

/** What rtpengine gives for an SDES leg, with things Teams must not see. */
function mediaPlaneSdp(
  overrides: { direction?: string; proto?: string; crypto?: string[]; mux?: boolean } = {},
) {
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=tandem',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio 30000 ${overrides.proto ?? 'RTP/SAVP'} 96 9 0 8 101`,
    'a=rtpmap:96 opus/48000/2',
    'a=fmtp:96 useinbandfec=1',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    ...(overrides.crypto ?? [
      `a=crypto:1 AEAD_AES_256_GCM inline:${KEY}${KEY}`,
      `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|2^20|1:4`,
      `a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:${KEY}`,
    ]),
    `a=${overrides.direction ?? 'sendrecv'}`,
    ...(overrides.mux === false ? [] : ['a=rtcp-mux']),
    'm=video 30002 RTP/SAVP 97',
    'a=rtpmap:97 VP8/90000',
    '',
  ].join('\r\n');
}

describe('SDP toward Teams', () => {
  it('keeps G.722, G.711 and telephone-event, one SDES AES_CM_128_HMAC_SHA1_80 key with 2^31 and no MKI', () => {
    const sdp = sdpTowardTeams(mediaPlaneSdp());
    expect(sdp).toContain('m=audio 30000 RTP/SAVP 9 0 8 101\r\n');
    expect(sdp).not.toMatch(/opus|useinbandfec/);
    // The tag stays the offer's own (2 here): the answer names the line it accepts by it.
    expect(sdp.match(/^a=crypto:.*$/gm)).toEqual([`a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${KEY}|2^31`]);
    expect(sdp).toContain('a=rtcp-mux');
    expect(sdp).toContain('a=fmtp:101 0-16');
  });

  it('refuses the video stream with port 0, keeping the m-line count', () => {
    const sdp = sdpTowardTeams(mediaPlaneSdp());
    expect(sdp).toContain('m=video 0 RTP/SAVP 97');
    expect(sdp.match(/^m=/gm)).toHaveLength(2);
  });

  it.each(['sendonly', 'recvonly'])(
    'expresses hold (%s) as a=inactive, the only hold Teams knows',
    (direction) => {
      const sdp = sdpTowardTeams(mediaPlaneSdp({ direction }));
      expect(audioDirection(sdp)).toBe('inactive');
      expect(sdp).not.toContain(`a=${direction}`);
    },
  );

  it('adds rtcp-mux when the media plane left it out', () => {
    expect(sdpTowardTeams(mediaPlaneSdp({ mux: false }))).toMatch(/^a=rtcp-mux$/m);
  });

  it('refuses plain RTP, a missing SDES suite and a body without codecs Teams takes', () => {
    expect(() => sdpTowardTeams(mediaPlaneSdp({ proto: 'RTP/AVP' }))).toThrow(UnsupportedError);
    expect(() =>
      sdpTowardTeams(mediaPlaneSdp({ crypto: [`a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:${KEY}`] })),
    ).toThrow(/AES_CM_128_HMAC_SHA1_80/);
    const opusOnly = mediaPlaneSdp().replace(
      'm=audio 30000 RTP/SAVP 96 9 0 8 101',
      'm=audio 30000 RTP/SAVP 96',
    );
    expect(() => sdpTowardTeams(opusOnly)).toThrow(/no audio stream Teams can take/);
    expect(() => sdpTowardTeams('hello')).toThrow(/not an SDP body/);
  });

  it('leaves session-level hold as a=inactive too', () => {
    const sessionHold = mediaPlaneSdp().replace('t=0 0', 't=0 0\r\na=sendonly').replace('a=sendrecv\r\n', '');
    expect(audioDirection(sdpTowardTeams(sessionHold))).toBe('inactive');
  });
});
