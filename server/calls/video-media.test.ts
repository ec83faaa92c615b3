import { describe, expect, it } from 'vitest';
import { acceptsMediaType, answerFor, offerFor, refusedSections } from './video-media.js';

const body = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** What Chromium offers with a camera and a screen share: audio, video, video, all bundled. */
const browserOffer = body(
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
  'a=sendrecv',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 102',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:102 H264/90000',
  'a=sendrecv',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=mid:2',
  'a=rtpmap:96 VP8/90000',
  'a=sendonly',
);

/** What rtpengine answers to the offer cut down to audio: one m-line. */
const audioAnswer = body(
  'v=0',
  'o=- 7 7 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 30000 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 127.0.0.1',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
  'a=sendrecv',
);

const mLines = (sdp: string) => sdp.split('\r\n').filter((line) => line.startsWith('m='));

describe('which media a leg takes', () => {
  it('gives WebRTC parties audio and video, SIP trunks and phones audio only', () => {
    expect(acceptsMediaType('webrtc', 'video')).toBe(true);
    expect(acceptsMediaType('webrtc', 'audio')).toBe(true);
    for (const media of ['rtp', 'srtp'] as const) {
      expect(acceptsMediaType(media, 'audio')).toBe(true);
      expect(acceptsMediaType(media, 'video')).toBe(false);
      expect(acceptsMediaType(media, 'application')).toBe(false);
    }
    expect(refusedSections(browserOffer, 'rtp')).toEqual([1, 2]);
    expect(refusedSections(browserOffer, 'webrtc')).toEqual([]);
  });
});

describe('an offer toward a leg', () => {
  it('reaches a WebRTC party whole: the very same string', () => {
    expect(offerFor('webrtc', browserOffer)).toBe(browserOffer);
  });

  it('reaches a trunk with its video cut out, and out of the BUNDLE group', () => {
    const offer = offerFor('srtp', browserOffer);

    expect(mLines(offer)).toEqual(['m=audio 9 UDP/TLS/RTP/SAVPF 111 0']);
    expect(offer).toMatch(/^a=group:BUNDLE 0\r$/m);
    expect(offer).not.toMatch(/VP8|H264|a=mid:1|a=mid:2/);
    expect(offer.endsWith('a=sendrecv\r\n')).toBe(true);
  });

  it('drops a BUNDLE group that would name nothing, and keeps plain line ends', () => {
    const videoOnly =
      'v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\na=group:BUNDLE 1\nm=video 9 RTP/AVP 96\na=mid:1\n';

    expect(offerFor('rtp', videoOnly)).toBe('v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\n');
  });

  it('leaves an audio-only offer alone toward any leg', () => {
    const audioOnly = body('v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0 8');
    for (const media of ['rtp', 'srtp', 'webrtc'] as const)
      expect(offerFor(media, audioOnly)).toBe(audioOnly);
  });
});

describe('the answer going back to the offerer', () => {
  it('has the refused video back in its places, port 0, with its mid (RFC 3264 section 6)', () => {
    const answer = answerFor('rtp', browserOffer, audioAnswer);

    expect(mLines(answer)).toEqual([
      'm=audio 30000 UDP/TLS/RTP/SAVPF 111',
      'm=video 0 UDP/TLS/RTP/SAVPF 96',
      'm=video 0 UDP/TLS/RTP/SAVPF 96',
    ]);
    const sections = answer.split(/(?=^m=)/m);
    expect(sections[2]).toBe(
      'm=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=inactive\r\n',
    );
    expect(sections[3]).toContain('a=mid:2\r\n');
    // What rtpengine said for the audio is untouched.
    expect(sections.slice(0, 2).join('')).toBe(audioAnswer);
  });

  it('puts a refused section back between kept ones', () => {
    const videoFirst = body(
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'm=video 5000 RTP/AVP 96',
      'm=audio 4000 RTP/AVP 0',
    );
    const answer = body('v=0', 'o=- 2 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 30000 RTP/AVP 0');

    expect(mLines(answerFor('rtp', videoFirst, answer))).toEqual([
      'm=video 0 RTP/AVP 96',
      'm=audio 30000 RTP/AVP 0',
    ]);
  });

  it('is the same string when nothing was refused', () => {
    expect(answerFor('webrtc', browserOffer, audioAnswer)).toBe(audioAnswer);
  });

  it('refuses to guess when the answer does not match what was offered', () => {
    const twoAudio = audioAnswer + 'm=audio 30002 UDP/TLS/RTP/SAVPF 111\r\n';

    expect(() => answerFor('rtp', browserOffer, twoAudio)).toThrow(
      new TypeError('the answer has 2 m-lines for the 1 offered'),
    );
  });
});
