/**
 * Keeps WebRTC on 127.0.0.1 (TESTING.md, "loopback only").
 *
 * Chromium enumerates every interface, and `--allow-loopback-in-peer-connection` only adds loopback to
 * them: it pairs its 192.0.2.x socket with the peer's 127.0.0.1 candidate, the peer learns that address as
 * peer-reflexive and answers it, and media runs over the machine's own non-loopback address. Cutting
 * candidates from the SDP cannot stop that. With `--webrtc-ip-handling-policy=
 * default_public_and_private_interfaces` (../chromium-switches.node.ts) Chromium stops enumerating: it binds
 * its media socket to 0.0.0.0 and names the default route's address in a single host candidate. Sent to
 * 127.0.0.1 from that socket, packets leave from 127.0.0.1, and 127.0.0.1 reaches the socket: so that
 * candidate is announced as 127.0.0.1, and every address in the SDP we send and accept is loopback.
 *
 * SIP.js applies its `sessionDescriptionHandlerModifiers` before ICE gathering, when the offer has no
 * candidates yet, so the outgoing side is done in `getLocalSessionDescription`, which returns the description
 * that SIP.js sends once gathering completed.
 */
import { Web, type SessionDescriptionHandlerFactory } from 'sip.js';

const loopback = '127.0.0.1';

interface CandidateLine {
  readonly address: string;
  readonly port: number;
  readonly component: string;
  readonly transport: string;
  readonly type: string;
}

/** RFC 8839 5.1: `a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>`. */
function parseCandidate(line: string): CandidateLine | undefined {
  const [, component, transport, , address, port, typ, type] = line.slice('a=candidate:'.length).split(' ');
  if (!component || !transport || !address || !port || typ !== 'typ' || !type) return undefined;
  return { address, port: Number(port), component, transport: transport.toLowerCase(), type };
}

const isIpv4 = (address: string) => /^\d+\.\d+\.\d+\.\d+$/.test(address);

/**
 * The candidate lines of one media section, cut to loopback: the 127.0.0.1 candidates if Chromium enumerated
 * interfaces (or the peer is not Chromium), else its IPv4 UDP host candidates (on a 0.0.0.0 socket) renamed
 * to 127.0.0.1.
 */
function loopbackCandidates(lines: readonly string[]): string[] {
  const candidates = lines.map((line) => ({ line, candidate: parseCandidate(line) }));
  const onLoopback = candidates.filter(({ candidate }) => candidate?.address === loopback);
  if (onLoopback.length > 0) return onLoopback.map(({ line }) => line);
  return candidates
    .filter(({ candidate }) => candidate?.transport === 'udp' && candidate.type === 'host')
    .filter(({ candidate }) => candidate !== undefined && isIpv4(candidate.address))
    .map(({ line, candidate }) => line.replace(` ${candidate?.address} `, ` ${loopback} `));
}

/**
 * The SDP with only 127.0.0.1 candidates; in each media section that has a UDP RTP candidate left, that
 * candidate becomes the default (RFC 8839 4.2.1.2: `m=` port and `c=` address name the default candidate),
 * so that a peer that reads `c=` before ICE completes also sends to loopback.
 */
export function keepLoopbackCandidates(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/(?=^m=)/m)
    .map((section, index) => {
      const lines = section.split(eol);
      if (index === 0) return section;
      const kept = loopbackCandidates(lines.filter((line) => line.startsWith('a=candidate:')));
      const firstCandidate = lines.findIndex((line) => line.startsWith('a=candidate:'));
      const others = lines.filter((line) => !line.startsWith('a=candidate:'));
      if (firstCandidate < 0) return section;
      // A refused or stopped m-line (port 0, RFC 3264 6 and 8.2) stays refused, whatever candidates its
      // transport still lists (Chromium keeps them until the stop is negotiated).
      if (/^m=\S+ 0 /.test(lines[0] ?? '')) return section;
      others.splice(firstCandidate, 0, ...kept);
      const rtp = kept.map(parseCandidate).find((candidate) => candidate?.component === '1');
      if (rtp === undefined) return others.join(eol);
      return others
        .map((line) => {
          if (line.startsWith('m=')) return line.replace(/^(m=\S+ )\d+/, `$1${rtp.port}`);
          if (line.startsWith('c=')) return `c=IN IP4 ${loopback}`;
          if (line.startsWith('a=rtcp:')) return `a=rtcp:${rtp.port} IN IP4 ${loopback}`;
          return line;
        })
        .join(eol);
    })
    .join('');
}

class LoopbackSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  protected override async getLocalSessionDescription(): Promise<RTCSessionDescription> {
    const description = await super.getLocalSessionDescription();
    const sdp = keepLoopbackCandidates(description.sdp);
    // SIP.js reads `.sdp` only; an RTCSessionDescription-shaped plain object is all it needs.
    return { type: description.type, sdp, toJSON: () => ({ type: description.type, sdp }) };
  }

  protected override setRemoteSessionDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const sdp = description.sdp === undefined ? undefined : keepLoopbackCandidates(description.sdp);
    return super.setRemoteSessionDescription({ ...description, sdp });
  }
}

/**
 * SIP.js's default factory (`defaultSessionDescriptionHandlerFactory`), with the loopback handler. No STUN
 * or TURN servers: SIP.js's default configuration names a public STUN server, and nothing may leave the
 * machine.
 */
export function loopbackSessionDescriptionHandlerFactory(
  iceGatheringTimeoutMs: number,
): SessionDescriptionHandlerFactory {
  const mediaStreamFactory = Web.defaultMediaStreamFactory();
  return (session) =>
    new LoopbackSessionDescriptionHandler(
      session.userAgent.getLogger('sip.SessionDescriptionHandler'),
      mediaStreamFactory,
      {
        iceGatheringTimeout: iceGatheringTimeoutMs,
        peerConnectionConfiguration: { ...Web.defaultPeerConnectionConfiguration(), iceServers: [] },
      },
    );
}
