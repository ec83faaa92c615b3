/**
 * The Teams side of calls over Direct Routing, scripted in plain text like fake-teams-sip-proxy.ts (so
 * that it checks Tandem's SIP rather than sharing it):
 *
 * - TeamsCaller: a Teams user dialling the contact center; Microsoft's proxy opens TLS to the SBC
 *   (SNI = the SBC FQDN, the proxy's client certificate) and sends the INVITE, ACK and BYE;
 * - TeamsCallee: a Teams user being called; it answers INVITEs that reach a FakeTeamsSipProxy as
 *   scripted (refuse with a status, or ring from one or several forks and answer from one of them).
 *
 * Both keep the dialog (TeamsCallLeg): they answer BYE and re-INVITE and record what Tandem sent. This
 * file has the plain-text SIP they share and the dialog; fake-teams-caller.ts and fake-teams-callee.ts the
 * two roles.
 */
import { randomBytes } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

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

export const token = () => randomBytes(6).toString('hex');
export const tagOf = (value: string | undefined) => /;tag=([^;>\s]+)/.exec(value ?? '')?.[1];
export const uriIn = (nameAddr: string | undefined) =>
  /<([^>]+)>/.exec(nameAddr ?? '')?.[1] ?? nameAddr ?? '';

export function message(first: string, headers: (string | undefined)[], body = ''): string {
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
export function onMessages(socket: TLSSocket, handle: (text: string) => void): void {
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
