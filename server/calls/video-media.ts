/**
 * Video between parties, and where it cannot go.
 *
 * Between WebRTC parties (agent to agent) rtpengine passes video through untouched, VP8 and H.264
 * alike: it has no video codecs, so `always-transcode` and the Opus transcode list of the WebRTC
 * profile (media-profiles.ts) act on audio only. A screen share is one more video m-line in a
 * re-INVITE, relayed like any other (reinvite-relay.ts).
 *
 * A SIP trunk or phone (plain RTP or SDES-SRTP) gets audio only. rtpengine 10.5 has no way to refuse
 * one m-line, so the sections such a leg cannot take are cut out of the offer before rtpengine sees
 * it, and put back into the answer, refused with port 0, where they were:
 *
 *   RFC 3264 section 6: "An offered stream MAY be rejected in the answer, for any reason. If a stream
 *   is rejected, the offerer and answerer MUST NOT generate media (or RTCP packets) for that stream.
 *   To reject an offered stream, the port number in the corresponding stream in the answer MUST be
 *   set to zero."
 *
 * and the answer keeps one m-line for each of the offer's, in order (section 6: "The answer MUST
 * contain exactly the same number of "m=" lines as the offer").
 */
import type { LegMedia } from './media-profiles.js';

/** The media types a leg of each kind takes; any other m-line toward it is refused. */
const ACCEPTED_MEDIA: Record<LegMedia, ReadonlySet<string>> = {
  rtp: new Set(['audio']),
  srtp: new Set(['audio']),
  webrtc: new Set(['audio', 'video']),
};

/** One `m=` section of an SDP body: its lines, without the line ends. */
interface MediaSection {
  readonly type: string;
  readonly port: string;
  readonly protocol: string;
  readonly formats: readonly string[];
  readonly mid: string | null;
  readonly lines: readonly string[];
}

interface ParsedSdp {
  readonly eol: string;
  readonly session: readonly string[];
  readonly sections: readonly MediaSection[];
}

function parseSdp(sdp: string): ParsedSdp {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const session: string[] = [];
  const sections: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push([line]);
    else (sections.at(-1) ?? session).push(line);
  }
  return { eol, session, sections: sections.map(toSection) };
}

function toSection(lines: string[]): MediaSection {
  // RFC 4566 5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  const [type = '', port = '', protocol = '', ...formats] = lines[0]!.slice(2).trim().split(/\s+/);
  const mid =
    lines
      .find((line) => line.startsWith('a=mid:'))
      ?.slice('a=mid:'.length)
      .trim() ?? null;
  return { type, port, protocol, formats, mid, lines };
}

function render(parsed: ParsedSdp, session: readonly string[], sections: readonly MediaSection[]): string {
  const lines = [...session, ...sections.flatMap((section) => section.lines)];
  return lines.join(parsed.eol) + parsed.eol;
}

/** Whether a leg of kind `media` takes an m-line of `type` (`audio`, `video`, `application`...). */
export function acceptsMediaType(media: LegMedia, type: string): boolean {
  return ACCEPTED_MEDIA[media].has(type);
}

/** The indexes of the offer's m-lines that a leg of kind `media` cannot take. */
export function refusedSections(offer: string, media: LegMedia): number[] {
  return parseSdp(offer)
    .sections.map((section, index) => (acceptsMediaType(media, section.type) ? -1 : index))
    .filter((index) => index >= 0);
}

/**
 * The offer as rtpengine should see it when it is for a leg of kind `media`: without the m-lines that
 * leg cannot take, and without their mids in `a=group:BUNDLE`. The same string when nothing is cut.
 */
export function offerFor(media: LegMedia, offer: string): string {
  const parsed = parseSdp(offer);
  const refused = parsed.sections.filter((section) => !acceptsMediaType(media, section.type));
  if (refused.length === 0) return offer;
  const refusedMids = new Set(refused.map((section) => section.mid).filter((mid) => mid !== null));
  const session = parsed.session.flatMap((line) => {
    if (!line.startsWith('a=group:BUNDLE')) return [line];
    const [, ...mids] = line.trim().split(/\s+/);
    const kept = mids.filter((mid) => !refusedMids.has(mid));
    // RFC 9143 7.1: a BUNDLE group names at least one mid; one that names none goes.
    return kept.length > 0 ? [`a=group:BUNDLE ${kept.join(' ')}`] : [];
  });
  return render(
    parsed,
    session,
    parsed.sections.filter((section) => acceptsMediaType(media, section.type)),
  );
}

/**
 * The answer for the offerer: rtpengine's answer (to the offer `offerFor` cut down) with each section
 * that was cut put back where it was, refused. The same string when nothing was cut. Throws a
 * TypeError when the answer does not have one m-line for each section that was kept.
 */
export function answerFor(media: LegMedia, offer: string, answer: string): string {
  const offered = parseSdp(offer).sections;
  if (offered.every((section) => acceptsMediaType(media, section.type))) return answer;
  const parsed = parseSdp(answer);
  const answered = [...parsed.sections];
  const kept = offered.filter((section) => acceptsMediaType(media, section.type)).length;
  if (answered.length !== kept) {
    throw new TypeError(`the answer has ${answered.length} m-lines for the ${kept} offered`);
  }
  const sections = offered.map((section) =>
    acceptsMediaType(media, section.type) ? answered.shift()! : refusedSection(section),
  );
  return render(parsed, parsed.session, sections);
}

/** An offered section, refused: port 0, its first format (an m-line needs one), its mid kept. */
function refusedSection(offered: MediaSection): MediaSection {
  const lines = [
    `m=${offered.type} 0 ${offered.protocol} ${offered.formats[0] ?? '0'}`,
    // RFC 4566 5.7: every m-line needs a connection address, at session level or its own.
    'c=IN IP4 0.0.0.0',
    ...(offered.mid === null ? [] : [`a=mid:${offered.mid}`]),
    'a=inactive',
  ];
  return { ...offered, port: '0', lines };
}
