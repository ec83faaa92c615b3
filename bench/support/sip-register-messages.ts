/**
 * Just enough SIP for a benchmark client: REGISTER requests as text, the few fields of a response it needs,
 * and Digest credentials for a challenge (RFC 3261 section 22.4), computed with Tandem's own digest code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseAuthParams } from '../../server/sip/registrar/digest/auth-params.js';
import { computeDigestResponse } from '../../server/sip/registrar/digest/digest-response.js';

export interface RegisterRequest {
  /** UDP or WSS, as written in the Via header. */
  readonly transport: 'UDP' | 'WSS';
  /** The host:port written in Via and Contact (a `.invalid` name over WebSocket, RFC 7118 section 5). */
  readonly sentBy: string;
  readonly registrar: string;
  readonly user: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly cseq: number;
  readonly contact: string;
  readonly expires: number;
  readonly authorization?: string;
}

export function registerText(request: RegisterRequest): string {
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  const lines = [
    `REGISTER sip:${request.registrar} SIP/2.0`,
    `Via: SIP/2.0/${request.transport} ${request.sentBy};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:${request.user}@${request.registrar}>;tag=${request.fromTag}`,
    `To: <sip:${request.user}@${request.registrar}>`,
    `Call-ID: ${request.callId}`,
    `CSeq: ${request.cseq} REGISTER`,
    `Contact: <${request.contact}>`,
    `Expires: ${request.expires}`,
    ...(request.authorization ? [`Authorization: ${request.authorization}`] : []),
    'User-Agent: Tandem benchmark',
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface RegisterResponse {
  readonly status: number;
  readonly callId: string;
  readonly cseq: number;
  /** The WWW-Authenticate values, in order. */
  readonly challenges: readonly string[];
}

/** Reads a response's status line and the headers a REGISTER client needs; null for anything else. */
export function parseRegisterResponse(text: string): RegisterResponse | null {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const status = /^SIP\/2\.0 (\d{3}) /.exec(statusLine);
  if (!status) return null;
  let callId = '';
  let cseq = 0;
  const challenges: string[] = [];
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'call-id' || name === 'i') callId = value;
    else if (name === 'cseq') cseq = Number.parseInt(value, 10);
    else if (name === 'www-authenticate') challenges.push(value);
  }
  return { status: Number(status[1]), callId, cseq, challenges };
}

export interface DigestAccount {
  readonly username: string;
  readonly password: string;
}

type ChallengeParams = (name: string) => string | undefined;

/** The parameters of the first Digest challenge for MD5 (no `algorithm` means MD5, RFC 2617 3.2.1). */
function firstMd5Challenge(challenges: readonly string[]): ChallengeParams {
  for (const challenge of challenges) {
    const parsed = parseAuthParams(challenge);
    if (!parsed.ok || parsed.scheme.toLowerCase() !== 'digest') continue;
    const param: ChallengeParams = (name) =>
      parsed.params.find((candidate) => candidate.name === name)?.value;
    if ((param('algorithm') ?? 'MD5').toUpperCase() === 'MD5') return param;
  }
  throw new TypeError(`no MD5 Digest challenge among: ${challenges.join(' | ')}`);
}

/**
 * The Authorization value answering the MD5 challenge, with qop=auth when offered, as a first use of the
 * nonce (nc=1). RFC 2617 section 3.2.2: the client picks a cnonce and counts its uses of the nonce in nc.
 */
export function digestAuthorization(
  challenges: readonly string[],
  account: DigestAccount,
  uri: string,
): string {
  const param = firstMd5Challenge(challenges);
  const realm = param('realm') ?? '';
  const nonce = param('nonce') ?? '';
  const ha1 = createHash('md5').update(`${account.username}:${realm}:${account.password}`).digest('hex');
  const offersAuth = (param('qop') ?? '').split(',').some((value) => value.trim() === 'auth');
  const qop = offersAuth
    ? { qop: 'auth', nc: '00000001', cnonce: randomBytes(8).toString('hex') }
    : undefined;
  const response = computeDigestResponse({ algorithm: 'MD5', ha1, nonce, method: 'REGISTER', uri, qop });
  const parts = [
    `username="${account.username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${uri}"`,
    `response="${response}"`,
    'algorithm=MD5',
    ...(qop ? [`qop=${qop.qop}`, `nc=${qop.nc}`, `cnonce="${qop.cnonce}"`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}
