import { describe, expect, it } from 'vitest';
import { isLoopbackServer, keepLoopbackCandidates } from './loopback-candidates.js';

const offer = (candidates: string[], port = 9) =>
  [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111`,
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    ...candidates,
    'a=sendrecv',
    '',
  ].join('\r\n');

describe('keeping media on loopback', () => {
  it('keeps only 127.0.0.1 candidates when there are any, and makes the first RTP one the default', () => {
    const sdp = keepLoopbackCandidates(
      offer([
        'a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host',
        'a=candidate:2 1 udp 2122260223 127.0.0.1 50002 typ host',
        'a=candidate:3 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active',
      ]),
    );
    expect(sdp).not.toContain('192.0.2.10');
    expect(sdp).toContain('a=candidate:2 1 udp 2122260223 127.0.0.1 50002 typ host');
    expect(sdp).toContain('m=audio 50002 ');
    expect(sdp).toContain('c=IN IP4 127.0.0.1');
    expect(sdp).toContain('a=rtcp:50002 IN IP4 127.0.0.1');
  });

  it('names the single host candidate of a 0.0.0.0 socket 127.0.0.1, and drops the rest', () => {
    const sdp = keepLoopbackCandidates(
      offer([
        'a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0',
        'a=candidate:2 1 udp 1686052607 203.0.113.5 50000 typ srflx raddr 192.0.2.10 rport 50000',
      ]),
    );
    expect(sdp).toContain('a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0');
    expect(sdp).not.toContain('203.0.113.5');
    expect(sdp.split('\r\n').filter((line) => line.startsWith('a=candidate'))).toHaveLength(1);
  });

  it('leaves a refused stream and a description without candidates alone', () => {
    const refused = offer(['a=candidate:1 1 udp 1 192.0.2.10 5 typ host'], 0);
    expect(keepLoopbackCandidates(refused)).toBe(refused);
    const bare = offer([]);
    expect(keepLoopbackCandidates(bare)).toBe(bare);
  });

  it('knows a loopback server', () => {
    expect(isLoopbackServer('http://127.0.0.1:8080')).toBe(true);
    expect(isLoopbackServer('https://localhost')).toBe(true);
    expect(isLoopbackServer('https://tandem.example.org')).toBe(false);
    expect(isLoopbackServer('not a url')).toBe(false);
  });
});
