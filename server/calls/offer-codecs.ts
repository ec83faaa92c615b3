/**
 * Whether an SDP offer has audio Tandem can carry: G.711 (PCMU 0, PCMA 8), G.722 (9), or Opus;
 * telephone-event alone is no voice. An offer without any of them is refused with 488 before the
 * media plane or an agent is troubled (RFC 3264 section 6: no common codec, no session).
 */
const STATIC_VOICE = new Set(['0', '8', '9']);
const NAMED_VOICE = new Set(['pcmu', 'pcma', 'g722', 'opus']);

export function offersSupportedAudio(sdp: string): boolean {
  const lines = sdp.split(/\r?\n/);
  const names = new Map<string, string>();
  for (const line of lines) {
    const rtpmap = /^a=rtpmap:(\d+)\s+([^/\s]+)/i.exec(line);
    if (rtpmap) names.set(rtpmap[1]!, rtpmap[2]!.toLowerCase());
  }
  for (const line of lines) {
    const media = /^m=audio\s+(\d+)\s+\S+\s+(.*)$/.exec(line);
    if (!media || media[1] === '0') continue;
    const formats = media[2]!.trim().split(/\s+/);
    if (
      formats.some((pt) => NAMED_VOICE.has(names.get(pt) ?? '') || (!names.has(pt) && STATIC_VOICE.has(pt)))
    ) {
      return true;
    }
  }
  return false;
}
