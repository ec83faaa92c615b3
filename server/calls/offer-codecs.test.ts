import { describe, expect, it } from 'vitest';
import { offersSupportedAudio } from './offer-codecs.js';

const sdp = (media: string, ...attributes: string[]) =>
  ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', media, ...attributes, ''].join(
    '\r\n',
  );

describe('offersSupportedAudio', () => {
  it('accepts G.711, G.722 and Opus, static or named', () => {
    expect(offersSupportedAudio(sdp('m=audio 4000 RTP/AVP 0'))).toBe(true);
    expect(offersSupportedAudio(sdp('m=audio 4000 RTP/AVP 18 8'))).toBe(true);
    expect(offersSupportedAudio(sdp('m=audio 4000 RTP/AVP 9'))).toBe(true);
    expect(offersSupportedAudio(sdp('m=audio 4000 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2'))).toBe(
      true,
    );
  });

  it('refuses offers with no voice codec of ours, telephone-event alone, or no audio at all', () => {
    expect(offersSupportedAudio(sdp('m=audio 4000 RTP/AVP 18', 'a=rtpmap:18 G729/8000'))).toBe(false);
    expect(offersSupportedAudio(sdp('m=audio 4000 RTP/AVP 101', 'a=rtpmap:101 telephone-event/8000'))).toBe(
      false,
    );
    expect(offersSupportedAudio(sdp('m=video 4000 RTP/AVP 96', 'a=rtpmap:96 VP8/90000'))).toBe(false);
    // A dynamic type that reuses a static number means what its rtpmap says.
    expect(offersSupportedAudio(sdp('m=audio 4000 RTP/AVP 0', 'a=rtpmap:0 G729/8000'))).toBe(false);
    // A rejected stream (port 0) carries nothing.
    expect(offersSupportedAudio(sdp('m=audio 0 RTP/AVP 0'))).toBe(false);
    expect(offersSupportedAudio('')).toBe(false);
  });
});
