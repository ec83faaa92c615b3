/**
 * A Teams user calling the contact center: Microsoft's proxy opens TLS to the SBC (SNI = the SBC FQDN,
 * the proxy's client certificate) and sends INVITE, ACK, CANCEL and BYE as plain text.
 */
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import {
  message,
  onMessages,
  parseSipText,
  TeamsCallLeg,
  token,
  uriIn,
  type SipText,
} from './fake-teams-calls.js';
import type { NamedCertificate } from './named-test-certificates.js';

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
    /** Hang up while it rings: CANCEL once Tandem sends 180 (RFC 3261 9.1). */
    cancelOnRinging?: boolean;
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
    let cancelSent = false;
    const final = await new Promise<SipText>((resolve) => {
      this.waiting.set(callId, (response) => {
        if (/\bCANCEL$/.test(response.header('CSeq') ?? '')) return;
        if (response.status >= 200) {
          resolve(response);
          return;
        }
        provisional.push(response);
        if (call.cancelOnRinging && response.status === 180 && !cancelSent) {
          cancelSent = true;
          // 9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via as the INVITE.
          this.socket.write(
            message(`CANCEL ${uri} SIP/2.0`, [
              `Via: ${via}`,
              'Max-Forwards: 70',
              `From: ${from}`,
              `To: ${to}`,
              `Call-ID: ${callId}`,
              'CSeq: 1 CANCEL',
            ]),
          );
        }
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
    if (
      incoming.status > 0 &&
      /^1 (INVITE|CANCEL)$/.test(incoming.header('CSeq') ?? '') &&
      this.waiting.has(callId)
    ) {
      this.waiting.get(callId)!(incoming);
      return;
    }
    this.legs.get(callId)?.receive(incoming);
  }
}
