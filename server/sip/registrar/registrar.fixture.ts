/**
 * For the registrar tests: a registrar with its location service and lockouts, and `Phone`, a SIP phone
 * that writes REGISTER requests as text and answers digest challenges with hashes computed here,
 * independently of the code under test.
 */
import { createHash } from 'node:crypto';
import { createRootLogger } from '../../shared/logger.js';
import { createResponse, parseSipMessage, SipRequest, SipResponse } from '../message/index.js';
import { sipText } from '../message/sip-text.fixture.js';
import { AuthFailureLockout } from '../protection/index.js';
import type { ServerTransaction } from '../transaction/server-transactions.js';
import type { Flow, TransportProtocol } from '../transport/transport-types.js';
import { LocationService } from './location-service.js';
import { Registrar } from './registrar.js';
import type { CredentialLookup, RegistrarOptions } from './registrar-types.js';

export const REALM = 'tandem';
export const PASSWORD = 'correct horse';

export const defaultOptions: RegistrarOptions = {
  realm: REALM,
  domains: ['tandem.local', '127.0.0.1'],
  minExpires: 60,
  maxExpires: 3_600,
  defaultExpires: 600,
  nonceLifetimeSeconds: 300,
  maxContactsPerAor: 3,
  digestAlgorithms: ['MD5', 'SHA-256'],
};

export const lockoutPolicy = { maxFailures: 3, windowMs: 60_000, lockoutMs: 300_000 };

const hex = (algorithm: 'MD5' | 'SHA-256', text: string) =>
  createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');

/** alice, bob and sam, all with PASSWORD, stored as the store keeps them: HA1 values only. */
export const credentials: CredentialLookup = {
  find: (username, realm) =>
    ['alice', 'bob', 'sam'].includes(username)
      ? {
          username,
          ha1Md5: hex('MD5', `${username}:${realm}:${PASSWORD}`),
          ha1Sha256: hex('SHA-256', `${username}:${realm}:${PASSWORD}`),
        }
      : null,
};

let flowCount = 0;

/** A flow from `host`: UDP by default; stream and WebSocket flows are reliable and can close. */
export function flowFrom(host: string, protocol: TransportProtocol = 'udp'): Flow {
  const port = 5_060 + ++flowCount;
  return {
    id: `${protocol}:${host}:${port}#${flowCount}`,
    protocol,
    local: { host: '127.0.0.1', port: 5_060 },
    remote: { host, port },
    reliable: protocol !== 'udp',
  };
}

export interface Harness {
  readonly registrar: Registrar;
  readonly location: LocationService;
  /** Hands a REGISTER to the registrar and returns its answer, serialised and parsed back. */
  handle(text: string, flow: Flow): SipResponse;
}

export function createHarness(
  options: Partial<RegistrarOptions> = {},
  trustedSources: readonly string[] = [],
): Harness {
  const location = new LocationService();
  const registrar = new Registrar({
    options: { ...defaultOptions, ...options },
    credentials,
    location,
    sourceLockout: new AuthFailureLockout({ ...lockoutPolicy, maxTrackedKeys: 100 }),
    userLockout: new AuthFailureLockout({ ...lockoutPolicy, maxTrackedKeys: 100 }),
    isTrusted: (source) => trustedSources.includes(source),
    logger: createRootLogger({ level: 'silent' }),
    serverHeader: 'Tandem test',
  });
  return {
    registrar,
    location,
    handle(text, flow) {
      const request = parseSipMessage(text);
      if (!(request instanceof SipRequest)) throw new TypeError('not a request');
      const answers: SipResponse[] = [];
      // The registrar answers through `respond` only; the real transaction would send what it builds.
      const transaction = {
        respond: (...args: Parameters<ServerTransaction['respond']>) => {
          const response = createResponse(request, ...args);
          answers.push(response);
          return response;
        },
      } as unknown as ServerTransaction;
      registrar.handle(request, transaction, flow);
      if (answers.length !== 1) throw new Error(`expected one answer, got ${answers.length}`);
      const reparsed = parseSipMessage((answers[0] as SipResponse).toBuffer());
      if (!(reparsed instanceof SipResponse)) throw new TypeError('not a response');
      return reparsed;
    },
  };
}

export interface RegisterRequest {
  /** Contact header values; default one contact of this phone. */
  readonly contacts?: readonly string[];
  readonly expires?: number;
  readonly requestUri?: string;
  /** The To user: the AOR to register (empty: none). Default the phone's username. */
  readonly aor?: string;
  readonly cseq?: number;
  readonly authorization?: string;
  readonly extraHeaders?: readonly string[];
}

export interface DigestAnswer {
  readonly algorithm?: 'MD5' | 'SHA-256';
  readonly password?: string;
  readonly nc?: number;
  /** Answer this nonce instead of the challenge's. */
  readonly nonce?: string;
}

let phoneCount = 0;

export class Phone {
  readonly callId = `phone-${++phoneCount}@192.0.2.1`;
  readonly contact: string;
  private cseq = 0;

  constructor(
    private readonly harness: Harness,
    readonly username: string,
    readonly flow: Flow = flowFrom('192.0.2.1'),
    readonly password = PASSWORD,
  ) {
    this.contact = `<sip:${username}@${flow.remote.host}:${flow.remote.port}>`;
  }

  /** One REGISTER, as written. */
  send(request: RegisterRequest = {}): SipResponse {
    this.cseq = request.cseq ?? this.cseq + 1;
    const contacts = request.contacts ?? [this.contact];
    const aor = request.aor ?? this.username;
    const via = `SIP/2.0/${this.flow.protocol.toUpperCase()} ${this.flow.remote.host}:${this.flow.remote.port}`;
    const lines = [
      `REGISTER ${request.requestUri ?? 'sip:tandem.local'} SIP/2.0`,
      `Via: ${via};branch=z9hG4bK-${this.callId.slice(0, 8)}-${this.cseq}`,
      'Max-Forwards: 70',
      `From: <sip:${this.username}@tandem.local>;tag=${this.callId.slice(0, 8)}`,
      `To: <sip:${aor === '' ? '' : `${aor}@`}tandem.local>`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${this.cseq} REGISTER`,
      ...contacts.map((contact) => `Contact: ${contact}`),
      ...(request.expires !== undefined ? [`Expires: ${request.expires}`] : []),
      ...(request.authorization !== undefined ? [`Authorization: ${request.authorization}`] : []),
      ...(request.extraHeaders ?? []),
      'Content-Length: 0',
    ];
    return this.harness.handle(sipText(lines), this.flow);
  }

  /** REGISTER, and if challenged, REGISTER again with the answer; returns the last response. */
  register(request: RegisterRequest = {}, answer: DigestAnswer = {}): SipResponse {
    const first = this.send(request);
    if (first.status !== 401) return first;
    return this.send({ ...request, cseq: undefined, authorization: this.answer(first, answer) });
  }

  /** The Authorization value answering the challenge of `challenge` for the chosen algorithm. */
  answer(challenge: SipResponse, answer: DigestAnswer = {}): string {
    const algorithm = answer.algorithm ?? 'MD5';
    const offered = challengesOf(challenge).find((candidate) => candidate.algorithm === algorithm);
    if (!offered) throw new Error(`no ${algorithm} challenge in ${challenge.status}`);
    const nonce = answer.nonce ?? offered.nonce;
    const uri = 'sip:tandem.local';
    const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
    const cnonce = `cn${phoneCount}`;
    const ha1 = hex(algorithm, `${this.username}:${REALM}:${answer.password ?? this.password}`);
    const ha2 = hex(algorithm, `REGISTER:${uri}`);
    const response = hex(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    return (
      `Digest username="${this.username}", realm="${REALM}", nonce="${nonce}", uri="${uri}", ` +
      `response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`
    );
  }
}

export interface OfferedChallenge {
  readonly algorithm: string;
  readonly nonce: string;
  readonly realm: string;
  readonly qop: string;
  readonly stale: boolean;
}

/** The WWW-Authenticate values of a 401, in order. */
export function challengesOf(response: SipResponse): OfferedChallenge[] {
  return response.headers.getAll('WWW-Authenticate').map((value) => ({
    algorithm: /algorithm=([\w-]+)/.exec(value)?.[1] ?? 'MD5',
    nonce: /nonce="([^"]*)"/.exec(value)?.[1] ?? '',
    realm: /realm="([^"]*)"/.exec(value)?.[1] ?? '',
    qop: /qop="([^"]*)"/.exec(value)?.[1] ?? '',
    stale: /stale=true/i.test(value),
  }));
}

/** The Contact values of a 200 with their expires, e.g. `['<sip:alice@192.0.2.1:5061>', 600]`. */
export function bindingsOf(response: SipResponse): [string, number][] {
  return response.headers.getAll('Contact').map((value) => {
    const match = /^(<[^>]+>);expires=(\d+)$/.exec(value);
    if (!match?.[1] || !match[2]) throw new Error(`unexpected Contact in a 200: ${value}`);
    return [match[1], Number(match[2])];
  });
}
