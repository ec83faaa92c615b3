/**
 * A scripted stand-in for one Microsoft Teams SIP proxy (sip.pstnhub.microsoft.com and friends) on
 * 127.0.0.1 over TLS: it asks for the SBC's client certificate, records every request with the SNI
 * and certificate it came with, answers OPTIONS as told (200, another status, or silence), and can
 * send OPTIONS to the SBC as Microsoft does. Its SIP handling is deliberately separate from
 * Tandem's stack (plain text and regular expressions) so that it checks Tandem rather than agreeing
 * with it.
 */
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { onMessages } from './fake-teams-calls.js';
import type { NamedCertificate } from './named-test-certificates.js';

export interface ReceivedRequest {
  readonly text: string;
  readonly method: string;
  readonly uri: string;
  readonly sni: string | undefined;
  /** SAN of the client certificate the SBC presented. */
  readonly clientCertificateNames: string;
  header(name: string): string | undefined;
}

export type ProxyBehaviour =
  { kind: 'answer'; status: number; headers?: Record<string, string> } | { kind: 'silent' };

export class FakeTeamsSipProxy {
  readonly requests: ReceivedRequest[] = [];
  behaviour: ProxyBehaviour = { kind: 'answer', status: 200 };
  /**
   * Takes every message (requests and responses) before the scripted answers; returns true when it
   * handled it (fake-teams-calls.ts plays a Teams user's side of calls with it).
   */
  onMessage: ((text: string, socket: TLSSocket) => boolean) | null = null;
  private server: Server | null = null;
  private readonly sockets = new Set<TLSSocket>();
  port = 0;

  constructor(
    readonly name: string,
    private readonly certificate: NamedCertificate,
    private readonly caFile: string,
  ) {}

  async start(port = 0): Promise<void> {
    const server = createServer(
      {
        cert: readFileSync(this.certificate.certFile),
        key: readFileSync(this.certificate.keyFile),
        ca: readFileSync(this.caFile),
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
      },
      (socket) => this.serve(socket),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Closes the listener and drops every connection: the proxy is gone. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  optionsReceived(): ReceivedRequest[] {
    return this.requests.filter((request) => request.method === 'OPTIONS');
  }

  /** Sends OPTIONS to the SBC as Microsoft does, with `sni` as the SBC name; resolves with the response text and the SBC's certificate names. */
  async sendOptions(
    sbc: { host: string; port: number; sni: string },
    clientCertificate?: NamedCertificate,
  ): Promise<{ response: string; serverCertificateNames: string }> {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = connect(
        {
          host: sbc.host,
          port: sbc.port,
          servername: sbc.sni,
          ca: readFileSync(this.caFile),
          cert: clientCertificate ? readFileSync(clientCertificate.certFile) : undefined,
          key: clientCertificate ? readFileSync(clientCertificate.keyFile) : undefined,
          minVersion: 'TLSv1.2',
        },
        () => resolve(socket),
      );
      socket.once('error', reject);
    });
    const serverCertificateNames = socket.getPeerCertificate().subjectaltname ?? '';
    const callId = `fake-teams-${Math.random().toString(36).slice(2)}`;
    socket.write(
      [
        `OPTIONS sip:${sbc.sni}:${sbc.port};transport=tls SIP/2.0`,
        `Via: SIP/2.0/TLS ${this.name}:${this.port};branch=z9hG4bK${callId}`,
        'Max-Forwards: 70',
        `From: <sip:${this.name}>;tag=ms${callId}`,
        `To: <sip:${sbc.sni}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 OPTIONS',
        `Contact: <sip:${this.name}:${this.port};transport=tls>`,
        'User-Agent: Microsoft.PSTNHub.SIPProxy',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const response = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('the SBC did not answer OPTIONS within 5 s')), 5_000);
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('\r\n\r\n')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
      socket.once('close', () => reject(new Error(`the SBC closed the connection: ${text}`)));
    });
    socket.destroy();
    return { response, serverCertificateNames };
  }

  private serve(socket: TLSSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const sni = (socket as TLSSocket & { servername?: string | false }).servername || undefined;
    const clientCertificateNames = socket.getPeerCertificate().subjectaltname ?? '';
    onMessages(socket, (text) => this.receive(socket, text, sni, clientCertificateNames));
  }

  private receive(
    socket: TLSSocket,
    text: string,
    sni: string | undefined,
    clientCertificateNames: string,
  ): void {
    const [requestLine = '', ...lines] = text.split('\r\n');
    const [method = '', uri = ''] = requestLine.split(' ');
    const header = (name: string) =>
      lines
        .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        ?.replace(/^[^:]+:\s*/, '');
    if (!requestLine.startsWith('SIP/2.0')) {
      this.requests.push({ text, method, uri, sni, clientCertificateNames, header });
    }
    if (this.onMessage?.(text, socket)) return;
    if (requestLine.startsWith('SIP/2.0')) return;
    const behaviour = this.behaviour;
    if (behaviour.kind === 'silent') return;
    const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((name) => {
      const value = header(name) ?? '';
      return name === 'To' && !/;tag=/.test(value) ? `To: ${value};tag=proxy1` : `${name}: ${value}`;
    });
    const extra = Object.entries(behaviour.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
    socket.write(
      [
        `SIP/2.0 ${behaviour.status} Scripted`,
        ...copied,
        ...extra,
        'Server: Microsoft.PSTNHub.SIPProxy',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }
}
