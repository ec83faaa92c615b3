/**
 * The SDP Tandem sends toward Teams (media bypass off), made from what the media plane produced.
 * Microsoft's Direct Routing media rules (DESIGN.md):
 * - SRTP only: RTP/SAVP with SDES `AES_CM_128_HMAC_SHA1_80`, key lifetime `2^31`, no MKI;
 * - rtcp-mux;
 * - codecs G.711 (PCMU, PCMA) and G.722, with RFC 4733 telephone-event for DTMF;
 * - hold is `a=inactive` only: sendonly and recvonly are rewritten.
 * Other media lines (video) are refused with port 0 (RFC 3264 section 6: "A stream is rejected by
 * setting the port to zero").
 */
import { UnsupportedError } from '../../shared/errors.js';

export const TEAMS_CRYPTO_SUITE = 'AES_CM_128_HMAC_SHA1_80';

/** Static payload types Teams takes (RFC 3551), and the names of the dynamic ones it takes. */
const STATIC_CODECS: Readonly<Record<string, string>> = { '0': 'PCMU', '8': 'PCMA', '9': 'G722' };
const ACCEPTED_NAMES = new Set(['PCMU', 'PCMA', 'G722', 'TELEPHONE-EVENT']);
const DIRECTIONS = new Set(['a=sendonly', 'a=recvonly', 'a=sendrecv', 'a=inactive']);

interface Section {
  lines: string[];
}

/** Rewrites an SDP (offer or answer) for Teams; throws UnsupportedError when no usable audio remains. */
export function sdpTowardTeams(sdp: string): string {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== 'v=0') throw new UnsupportedError('not an SDP body (no v=0 first line)');
  const session: Section = { lines: [] };
  const media: Section[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push({ lines: [line] });
    else (media.at(-1) ?? session).lines.push(line);
  }
  let usableAudio = 0;
  const out = session.lines.map(holdAsInactive);
  for (const section of media) {
    const rewritten = rewriteMedia(section);
    if (rewritten.usable) usableAudio++;
    out.push(...rewritten.lines);
  }
  if (usableAudio === 0) {
    throw new UnsupportedError(
      `no audio stream Teams can take (RTP/SAVP with ${TEAMS_CRYPTO_SUITE}, G.711 or G.722)`,
    );
  }
  return `${out.join('\r\n')}\r\n`;
}

function rewriteMedia(section: Section): { lines: string[]; usable: boolean } {
  const [mLine, ...attributes] = section.lines as [string, ...string[]];
  const [media, port, proto, ...formats] = mLine.slice(2).split(' ');
  const rejected = () => ({
    lines: [`m=${media} 0 ${proto} ${formats.join(' ')}`, ...attributes],
    usable: false,
  });
  if (media !== 'audio' || port === '0') return rejected();
  if (proto !== 'RTP/SAVP') {
    throw new UnsupportedError(`Teams needs SRTP with SDES (RTP/SAVP), the media plane offered ${proto}`);
  }
  const names = new Map<string, string>();
  for (const line of attributes) {
    const match = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (match) names.set(match[1]!, match[2]!.toUpperCase());
  }
  const kept = formats.filter((pt) => ACCEPTED_NAMES.has(names.get(pt) ?? STATIC_CODECS[pt] ?? ''));
  const voice = kept.filter((pt) => (names.get(pt) ?? STATIC_CODECS[pt]) !== 'TELEPHONE-EVENT');
  if (voice.length === 0) return rejected();

  const keptSet = new Set(kept);
  const body: string[] = [];
  let crypto = 0;
  let rtcpMux = false;
  for (const line of attributes) {
    const perFormat = /^a=(rtpmap|fmtp|rtcp-fb):(\d+|\*) /.exec(line);
    if (perFormat && perFormat[2] !== '*' && !keptSet.has(perFormat[2]!)) continue;
    if (line.startsWith('a=crypto:')) {
      const rewritten = teamsCryptoLine(line);
      if (rewritten) {
        body.push(rewritten);
        crypto++;
      }
      continue;
    }
    if (line === 'a=rtcp-mux') rtcpMux = true;
    body.push(holdAsInactive(line));
  }
  if (crypto === 0) {
    throw new UnsupportedError(
      `Teams needs an a=crypto line with ${TEAMS_CRYPTO_SUITE}; the media plane gave none`,
    );
  }
  if (!rtcpMux) body.push('a=rtcp-mux');
  return { lines: [`m=${media} ${port} ${proto} ${kept.join(' ')}`, ...body], usable: true };
}

/**
 * RFC 4568 section 9.1: `a=crypto:<tag> <suite> inline:<key>[|<lifetime>][|<MKI>:<length>]`.
 * Keeps only the Teams suite, with the lifetime `2^31` and no MKI; other suites are dropped. The tag
 * is kept: the answer names the line it accepts by it (RFC 4568 5.1.2: "the answerer [...] MUST use
 * the same tag value"), and rtpengine, which made the offer, reads the answer's tag against its own
 * numbering (a renumbered tag made it pick another suite and send nothing).
 */
function teamsCryptoLine(line: string): string | null {
  const match = /^a=crypto:(\d+) (\S+) inline:([A-Za-z0-9+/=]+)(?:\|[^ ]*)?(.*)$/.exec(line);
  if (!match || match[2] !== TEAMS_CRYPTO_SUITE) return null;
  // Session parameters (UNENCRYPTED_SRTCP...) would change what Teams must do: leave them out.
  return `a=crypto:${match[1]} ${TEAMS_CRYPTO_SUITE} inline:${match[3]}|2^31`;
}

/** Teams understands hold only as a=inactive. */
function holdAsInactive(line: string): string {
  return line === 'a=sendonly' || line === 'a=recvonly' ? 'a=inactive' : line;
}

/** The direction of the first audio stream (its own attribute, else the session's), for tests and logs. */
export function audioDirection(sdp: string): string {
  let direction = 'sendrecv';
  let seenMedia = false;
  let inAudio = false;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (inAudio) break;
      inAudio = line.startsWith('m=audio');
      seenMedia = true;
    } else if (DIRECTIONS.has(line) && (!seenMedia || inAudio)) {
      direction = line.slice(2);
    }
  }
  return direction;
}
