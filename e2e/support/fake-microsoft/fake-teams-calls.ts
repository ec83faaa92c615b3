/**
 * The Teams side of calls over Direct Routing, scripted in plain text like fake-teams-sip-proxy.ts (so
 * that it checks Tandem's SIP rather than sharing it):
 *
 * - TeamsCaller: a Teams user dialling the contact center; Microsoft's proxy opens TLS to the SBC
 *   (SNI = the SBC FQDN, the proxy's client certificate) and sends the INVITE, ACK and BYE;
 * - TeamsCallee: a Teams user being called; it answers INVITEs that reach a FakeTeamsSipProxy as
 *   scripted (refuse with a status, or ring from one or several forks and answer from one of them).
 *
 * Both keep the dialog (TeamsCallLeg): they answer BYE and re-INVITE and record what Tandem sent.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import type { FakeTeamsSipProxy } from './fake-teams-sip-proxy.js';
import type { NamedCertificate } from './named-test-certificates.js';

export interface SipText {
  readonly text: string;
  /** The method of a request; '' for a response. */
  readonly method: string;
  readonly uri: string;
  /** The status of a response; 0 for a request. */
  readonly status: number;
  readonly body: string;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

export function parseSipText(text: string): SipText {
  const end = text.indexOf('\r\n\r\n');
  const [first = '', ...lines] = text.slice(0, end).split('\r\n');
  const parts = first.split(' ');
  const isResponse = first.startsWith('SIP/2.0 ');
  const headers = (name: string) =>
    lines
      .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      .map((line) => line.replace(/^[^:]+:\s*/, ''));
  return {
    text,
    method: isResponse ? '' : (parts[0] ?? ''),
    uri: isResponse ? '' : (parts[1] ?? ''),
    status: isResponse ? Number(parts[1]) : 0,
    body: text.slice(end + 4),
    header: (name) => headers(name)[0],
    headers,
  };
}

const token = () => randomBytes(6).toString('hex');
const tagOf = (value: string | undefined) => /;tag=([^;>\s]+)/.exec(value ?? '')?.[1];
const uriIn = (nameAddr: string | undefined) => /<([^>]+)>/.exec(nameAddr ?? '')?.[1] ?? nameAddr ?? '';

function message(first: string, headers: (string | undefined)[], body = ''): string {
  const lines = headers.filter((line): line is string => line !== undefined);
  if (body) lines.push('Content-Type: application/sdp');
  return [first, ...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

/** A response to `request` from the Teams side, with `toTag` added to To when it has none. */
export function responseTo(request: SipText, status: number, toTag: string, extra: string[] = [], body = '') {
  const to = request.header('To') ?? '';
  return message(
    `SIP/2.0 ${status} Teams`,
    [
      ...request.headers('Via').map((via) => `Via: ${via}`),
      `From: ${request.header('From')}`,
      `To: ${tagOf(to) || !toTag ? to : `${to};tag=${toTag}`}`,
      `Call-ID: ${request.header('Call-ID')}`,
      `CSeq: ${request.header('CSeq')}`,
      'Server: Microsoft.PSTNHub.SIPProxy',
      ...extra,
    ],
    body,
  );
}

/** Splits a TLS stream into SIP messages (Content-Length framing; CRLF keep-alives skipped). */
function onMessages(socket: TLSSocket, handle: (text: string) => void): void {
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      buffer = buffer.replace(/^(\r\n)+/, '');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/^content-length\s*:\s*(\d+)/im.exec(buffer.slice(0, end))?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const text = buffer.slice(0, end + 4 + length);
      buffer = buffer.slice(end + 4 + length);
      handle(text);
    }
  });
}

/** One established call on the Teams side. */
export class TeamsCallLeg {
  /** In-dialog requests Tandem sent (re-INVITE, BYE, REFER...). */
  readonly received: SipText[] = [];
  /** The SDP the Teams user answers a re-INVITE with. */
  onReinvite: (offer: SipText) => string = (offer) => offer.body;
  readonly ended: Promise<'bye-received' | 'bye-sent'>;
  private end!: (how: 'bye-received' | 'bye-sent') => void;
  private cseq = 100;
  private readonly pending = new Map<string, (response: SipText) => void>();

  constructor(
    private readonly socket: TLSSocket,
    readonly callId: string,
    /** Our side: From of our requests (with our tag). */
    private readonly local: string,
    /** Their side: To of our requests (with their tag). */
    private readonly remote: string,
    /** Tandem's Contact: where in-dialog requests go. */
    readonly remoteTarget: string,
    private readonly viaHost: string,
  ) {
    this.ended = new Promise((resolve) => (this.end = resolve));
  }

  /** Hangs up from Teams; resolves with Tandem's answer. */
  bye(): Promise<SipText> {
    const answered = this.request('BYE');
    void answered.then(() => this.end('bye-sent'));
    return answered;
  }

  request(method: string, extra: string[] = [], body = ''): Promise<SipText> {
    const branch = `z9hG4bK${token()}`;
    const answered = new Promise<SipText>((resolve) => this.pending.set(branch, resolve));
    this.socket.write(
      message(
        `${method} ${this.remoteTarget} SIP/2.0`,
        [
          `Via: SIP/2.0/TLS ${this.viaHost};branch=${branch}`,
          'Max-Forwards: 70',
          `From: ${this.local}`,
          `To: ${this.remote}`,
          `Call-ID: ${this.callId}`,
          `CSeq: ${++this.cseq} ${method}`,
          ...extra,
        ],
        body,
      ),
    );
    return answered;
  }

  /** A message of this dialog from Tandem. */
  receive(incoming: SipText): void {
    if (incoming.status > 0) {
      if (incoming.status < 200) return;
      const branch = /branch=([^;\s]+)/.exec(incoming.header('Via') ?? '')?.[1] ?? '';
      this.pending.get(branch)?.(incoming);
      this.pending.delete(branch);
      return;
    }
    if (incoming.method === 'ACK') return;
    this.received.push(incoming);
    const ourTag = tagOf(this.local) ?? '';
    if (incoming.method === 'INVITE') {
      const contact = `Contact: <sip:${this.viaHost};transport=tls>`;
      this.socket.write(responseTo(incoming, 200, ourTag, [contact], this.onReinvite(incoming)));
      return;
    }
    this.socket.write(responseTo(incoming, 200, ourTag));
    if (incoming.method === 'BYE') this.end('bye-received');
  }
}

export interface TeamsCallerOptions {
  /** The SBC's TLS listener. */
  readonly sbc: { host: string; port: number };
  /** The SBC FQDN (SNI, Request-URI host). */
  readonly tenant: string;
  /** The proxy this comes from: its name, client certificate and the CA to check the SBC with. */
  readonly proxyName: string;
  readonly certificate: NamedCertificate;
  readonly caFile: string;
}

export interface TeamsCallOutcome {
  readonly provisional: SipText[];
  readonly final: SipText;
  /** The dialog when answered (2xx). */
  readonly leg: TeamsCallLeg | null;
}

/** A Teams user calling through Microsoft's proxy to the SBC. */
export class TeamsCaller {
  private readonly legs = new Map<string, TeamsCallLeg>();
  private readonly waiting = new Map<string, (response: SipText) => void>();

  private constructor(
    private readonly socket: TLSSocket,
    private readonly options: TeamsCallerOptions,
  ) {
    onMessages(socket, (text) => this.dispatch(parseSipText(text)));
  }

  static async connect(options: TeamsCallerOptions): Promise<TeamsCaller> {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = connect(
        {
          host: options.sbc.host,
          port: options.sbc.port,
          servername: options.tenant,
          ca: readFileSync(options.caFile),
          cert: readFileSync(options.certificate.certFile),
          key: readFileSync(options.certificate.keyFile),
          minVersion: 'TLSv1.2',
        },
        () => resolve(socket),
      );
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    return new TeamsCaller(socket, options);
  }

  /**
   * Calls `number` at the SBC as Teams does: From with the Teams user's number and name, a
   * P-Asserted-Identity, SDP (SDES-SRTP) in the INVITE. Resolves on the final answer (ACKed).
   */
  async call(call: {
    number: string;
    from: { number: string; displayName: string };
    sdp: string;
    assertedIdentity?: string;
  }): Promise<TeamsCallOutcome> {
    const { tenant, proxyName, sbc } = this.options;
    const callId = `teams-${token()}`;
    const branch = `z9hG4bK${token()}`;
    const name = call.from.displayName ? `"${call.from.displayName}" ` : '';
    const from = `${name}<sip:${call.from.number}@${proxyName};user=phone>;tag=${token()}`;
    const to = `<sip:${call.number}@${tenant};user=phone>`;
    const uri = `sip:${call.number}@${tenant}:${sbc.port};user=phone;transport=tls`;
    const via = `SIP/2.0/TLS ${proxyName}:5061;branch=${branch}`;
    const provisional: SipText[] = [];
    const final = await new Promise<SipText>((resolve) => {
      this.waiting.set(callId, (response) => {
        if (response.status < 200) provisional.push(response);
        else resolve(response);
      });
      this.socket.write(
        message(
          `INVITE ${uri} SIP/2.0`,
          [
            `Via: ${via}`,
            'Max-Forwards: 70',
            `From: ${from}`,
            `To: ${to}`,
            `Call-ID: ${callId}`,
            'CSeq: 1 INVITE',
            `Contact: <sip:${call.from.number}@${proxyName}:5061;transport=tls>`,
            call.assertedIdentity ? `P-Asserted-Identity: ${call.assertedIdentity}` : undefined,
            'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY',
            'User-Agent: Microsoft.PSTNHub.SIPProxy',
          ],
          call.sdp,
        ),
      );
    });
    this.waiting.delete(callId);
    const toWithTag = final.header('To') ?? to;
    if (final.status >= 300) {
      // RFC 3261 17.1.1.3: the ACK to a non-2xx is part of the INVITE transaction (same branch).
      this.socket.write(
        message(`ACK ${uri} SIP/2.0`, [
          `Via: ${via}`,
          'Max-Forwards: 70',
          `From: ${from}`,
          `To: ${toWithTag}`,
          `Call-ID: ${callId}`,
          'CSeq: 1 ACK',
        ]),
      );
      return { provisional, final, leg: null };
    }
    const target = uriIn(final.header('Contact'));
    const leg = new TeamsCallLeg(this.socket, callId, from, toWithTag, target, `${proxyName}:5061`);
    this.legs.set(callId, leg);
    this.socket.write(
      message(`ACK ${target} SIP/2.0`, [
        `Via: SIP/2.0/TLS ${proxyName}:5061;branch=z9hG4bK${token()}`,
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: ${toWithTag}`,
        `Call-ID: ${callId}`,
        'CSeq: 1 ACK',
      ]),
    );
    return { provisional, final, leg };
  }

  close(): void {
    this.socket.destroy();
  }

  private dispatch(incoming: SipText): void {
    const callId = incoming.header('Call-ID') ?? '';
    if (incoming.status > 0 && /\bINVITE$/.test(incoming.header('CSeq') ?? '') && this.waiting.has(callId)) {
      this.waiting.get(callId)!(incoming);
      return;
    }
    this.legs.get(callId)?.receive(incoming);
  }
}

/** How the Teams user answers one INVITE. */
export type CalleeScript =
  | { readonly kind: 'refuse'; readonly status: number; readonly headers?: string[] }
  /**
   * 180 from each fork tag in turn, then 200 from `answerFrom` with `sdp`; `lateAnswerFrom`: another
   * fork answers too, just after (Tandem must ACK and BYE it).
   */
  | {
      readonly kind: 'answer';
      readonly forks: readonly string[];
      readonly answerFrom: string;
      readonly sdp: (offer: SipText) => string;
      readonly lateAnswerFrom?: string;
    };

/** A Teams user being called: answers the INVITEs that reach `proxy`. */
export class TeamsCallee {
  /** INVITEs received (initial ones only). */
  readonly invites: SipText[] = [];
  readonly legs: TeamsCallLeg[] = [];
  /** Forks that answered after the first: Tandem must end them. */
  readonly lateLegs: TeamsCallLeg[] = [];
  script: (invite: SipText) => CalleeScript = () => ({ kind: 'refuse', status: 480 });
  private readonly byCallId = new Map<string, TeamsCallLeg>();

  constructor(private readonly proxy: FakeTeamsSipProxy) {
    proxy.onMessage = (text, socket) => this.receive(parseSipText(text), socket);
  }

  detach(): void {
    if (this.proxy.onMessage) this.proxy.onMessage = null;
  }

  private receive(incoming: SipText, socket: TLSSocket): boolean {
    const callId = incoming.header('Call-ID') ?? '';
    // Our tag: in To of Tandem's requests, in From of its answers to ours.
    const ourTag = incoming.status > 0 ? tagOf(incoming.header('From')) : tagOf(incoming.header('To'));
    const leg = this.byCallId.get(`${callId}|${ourTag}`);
    if (leg) {
      leg.receive(incoming);
      return true;
    }
    if (incoming.method === 'ACK') return true;
    if (incoming.method === 'CANCEL') {
      socket.write(responseTo(incoming, 200, 'cancelled'));
      const invite = this.invites.find((candidate) => candidate.header('Call-ID') === callId);
      if (invite) socket.write(responseTo(invite, 487, 'cancelled'));
      return true;
    }
    if (incoming.method !== 'INVITE') return false;
    // Answers go out as written, as Microsoft's proxies send them (no Nagle delay behind a 100 Trying).
    socket.setNoDelay(true);
    this.invites.push(incoming);
    const script = this.script(incoming);
    if (script.kind === 'refuse') {
      socket.write(responseTo(incoming, script.status, `refused${token()}`, script.headers));
      return true;
    }
    socket.write(responseTo(incoming, 100, ''));
    for (const fork of script.forks) {
      socket.write(
        responseTo(incoming, 180, fork, [`Contact: <sip:${fork}@${this.proxy.name};transport=tls>`]),
      );
    }
    const sdp = script.sdp(incoming);
    const to = incoming.header('To') ?? '';
    for (const tag of [script.answerFrom, script.lateAnswerFrom]) {
      if (tag === undefined) continue;
      const forkContact = `<sip:${tag}@${this.proxy.name}:${this.proxy.port};transport=tls>`;
      socket.write(responseTo(incoming, 200, tag, [`Contact: ${forkContact}`], sdp));
      const answered = new TeamsCallLeg(
        socket,
        callId,
        `${to};tag=${tag}`,
        incoming.header('From') ?? '',
        uriIn(incoming.header('Contact')),
        `${this.proxy.name}:${this.proxy.port}`,
      );
      this.byCallId.set(`${callId}|${tag}`, answered);
      if (tag === script.answerFrom) this.legs.push(answered);
      else this.lateLegs.push(answered);
    }
    return true;
  }
}
