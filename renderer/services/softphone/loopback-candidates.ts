/**
 * Keeps a call's media on 127.0.0.1 when the server is on this machine's loopback (development, tests,
 * a server next to the agent). A server on 127.0.0.1 can only ever reach us there, and TESTING.md forbids
 * media on any other address.
 *
 * Chromium gathers on the machine's interfaces even with `--allow-loopback-in-peer-connection`; launched with
 * `--webrtc-ip-handling-policy=default_public_and_private_interfaces` it gathers one host candidate on a
 * socket bound to 0.0.0.0, named after the default route's address. Such a socket is reachable on 127.0.0.1
 * too, so that candidate is offered as 127.0.0.1. Each media section then names its first loopback RTP
 * candidate as the default (RFC 8839 section 4.2.1.2: the `m=` port and `c=` address are the default
 * candidate's), for a peer that reads `c=` before ICE completes.
 */
const LOOPBACK = '127.0.0.1';

interface Candidate {
  readonly component: string;
  readonly transport: string;
  readonly address: string;
  readonly port: string;
  readonly type: string;
}

/** RFC 8839 section 5.1: `a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...`. */
function readCandidate(line: string): Candidate | null {
  const fields = line.slice('a=candidate:'.length).split(' ');
  if (fields.length < 8 || fields[6] !== 'typ') return null;
  const [, component = '', transport = '', , address = '', port = '', , type = ''] = fields;
  return { component, transport: transport.toLowerCase(), address, port, type };
}

function withAddress(line: string, candidate: Candidate, address: string): string {
  const fields = line.split(' ');
  fields[4] = address;
  return candidate.address === address ? line : fields.join(' ');
}

/** The candidate lines of one media section that stay, already pointing at 127.0.0.1. */
function loopbackLines(lines: readonly string[]): { line: string; candidate: Candidate }[] {
  const parsed = lines.flatMap((line) => {
    const candidate = readCandidate(line);
    return candidate ? [{ line, candidate }] : [];
  });
  const onLoopback = parsed.filter(({ candidate }) => candidate.address === LOOPBACK);
  if (onLoopback.length > 0) return onLoopback;
  return parsed
    .filter(({ candidate }) => candidate.type === 'host' && candidate.transport === 'udp')
    .filter(({ candidate }) => /^\d{1,3}(\.\d{1,3}){3}$/.test(candidate.address))
    .map(({ line, candidate }) => ({
      line: withAddress(line, candidate, LOOPBACK),
      candidate: { ...candidate, address: LOOPBACK },
    }));
}

function rewriteSection(section: string, eol: string): string {
  const lines = section.split(eol);
  const mediaLine = lines[0] ?? '';
  // RFC 3264 section 6: a refused stream (port 0) stays as it is.
  if (/^m=\S+ 0 /.test(mediaLine)) return section;
  const firstCandidateAt = lines.findIndex((line) => line.startsWith('a=candidate:'));
  if (firstCandidateAt < 0) return section;
  const kept = loopbackLines(lines.filter((line) => line.startsWith('a=candidate:')));
  const rtp = kept.find(({ candidate }) => candidate.component === '1')?.candidate;
  const result: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (index === firstCandidateAt) result.push(...kept.map((entry) => entry.line));
    if (line.startsWith('a=candidate:')) continue;
    if (rtp && line.startsWith('m=')) result.push(line.replace(/^(m=\S+ )\d+/, `$1${rtp.port}`));
    else if (rtp && line.startsWith('c=')) result.push(`c=IN IP4 ${LOOPBACK}`);
    else if (rtp && line.startsWith('a=rtcp:')) result.push(`a=rtcp:${rtp.port} IN IP4 ${LOOPBACK}`);
    else result.push(line);
  }
  return result.join(eol);
}

/** The SDP with 127.0.0.1 candidates only (see above); the session part is left as it is. */
export function keepLoopbackCandidates(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const [session = '', ...media] = sdp.split(/(?=^m=)/m);
  return session + media.map((section) => rewriteSection(section, eol)).join('');
}

/** True for a server this machine reaches on loopback: `127.x.x.x`, `localhost`, `[::1]`. */
export function isLoopbackServer(serverBaseUrl: string): boolean {
  try {
    const host = new URL(serverBaseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}
