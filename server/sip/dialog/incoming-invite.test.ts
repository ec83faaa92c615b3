/**
 * The UAS INVITE side against a hand-driven UDP peer, where the wire itself is the assertion: 2xx
 * retransmitted until the ACK (RFC 3261 13.3.1.4), a BYE when the ACK never comes, an initial INVITE
 * without Contact refused, an out-of-order CSeq refused with 500 (12.2.2), and a 491 on the wire
 * when a re-INVITE arrives while our own is pending (14.2).
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSipMessage, SipRequest, SipResponse } from '../message/index.js';
import type { SipStack } from '../sip-stack.js';
import { portOf, startTestStack } from '../sip-stack.fixture.js';
import type { IncomingInvite } from './incoming-invite.js';

let stack: SipStack;
let onInvite: (invite: IncomingInvite) => void = () => undefined;
let peer: RawPeer;

class RawPeer {
  readonly received: (SipRequest | SipResponse)[] = [];
  private constructor(readonly socket: Socket) {
    socket.on('message', (data) => this.received.push(parseSipMessage(data)));
  }

  static async open(): Promise<RawPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new RawPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(text: string): void {
    this.socket.send(Buffer.from(text.replace(/\n/g, '\r\n')), portOf(stack, 'udp'), '127.0.0.1');
  }

  responses(status?: number): SipResponse[] {
    return this.received.filter(
      (message): message is SipResponse =>
        message instanceof SipResponse && (status === undefined || message.status === status),
    );
  }

  requests(method: string): SipRequest[] {
    return this.received.filter(
      (message): message is SipRequest => message instanceof SipRequest && message.method === method,
    );
  }
}

function invite(port: number, options: { callId: string; cseq?: number; toTag?: string; contact?: boolean }) {
  const to = options.toTag ? `<sip:bob@127.0.0.1>;tag=${options.toTag}` : '<sip:bob@127.0.0.1>';
  return [
    `INVITE sip:bob@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${Math.random().toString(36).slice(2)};rport`,
    `From: <sip:alice@127.0.0.1>;tag=peer1`,
    `To: ${to}`,
    `Call-ID: ${options.callId}`,
    `CSeq: ${options.cseq ?? 1} INVITE`,
    ...(options.contact === false ? [] : [`Contact: <sip:alice@127.0.0.1:${port}>`]),
    `Max-Forwards: 70`,
    `Content-Length: 0`,
    ``,
    ``,
  ].join('\n');
}

beforeAll(async () => {
  stack = await startTestStack({ protocols: ['udp'] });
  stack.core.onInvite((incoming) => onInvite(incoming), ['INFO']);
});

afterAll(async () => {
  await stack.stop();
});

afterEach(() => {
  peer?.socket.close();
});

describe('an accepted INVITE', () => {
  it('retransmits its 2xx until the ACK and, without one, ends the session with a BYE', async () => {
    peer = await RawPeer.open();
    let accepted: IncomingInvite | undefined;
    onInvite = (incoming) => {
      accepted = incoming;
      incoming.accept({ body: 'v=0\r\n' });
    };
    peer.send(invite(peer.port, { callId: 'no-ack-1' }));
    // 64*T1 = 1.28 s with the test timers; the BYE follows (retransmitted: nobody answers it).
    await expect.poll(() => peer.requests('BYE').length, { timeout: 3_000 }).toBeGreaterThan(0);
    expect(new Set(peer.requests('BYE').map((bye) => bye.cseq.seq)).size).toBe(1);
    const oks = peer.responses(200);
    // T1, 2T1, 4T1, then T2 (8 T1) every time: at least 8 copies in 64*T1.
    expect(oks.length).toBeGreaterThanOrEqual(8);
    expect(new Set(oks.map((ok) => ok.toTag)).size).toBe(1);
    expect(accepted?.state).toBe('failed');
    expect(accepted?.dialog?.terminationReason).toBe('ack-timeout');
    // The BYE goes to the Contact of the INVITE, in the dialog.
    const bye = peer.requests('BYE')[0]!;
    expect(bye.callId).toBe('no-ack-1');
    expect(bye.uri).toMatchObject({ user: 'alice', port: peer.port });
  });

  it('stops retransmitting once the ACK arrives, and hands the ACK to the owner', async () => {
    peer = await RawPeer.open();
    const confirmed = new Promise<string>((resolve) => {
      onInvite = (incoming) => {
        incoming.accept({ body: 'v=0\r\n' });
        incoming.delegate.onConfirmed = (ack) => resolve(ack.method);
      };
    });
    peer.send(invite(peer.port, { callId: 'ack-2' }));
    await expect.poll(() => peer.responses(200).length).toBeGreaterThan(0);
    const ok = peer.responses(200)[0]!;
    peer.send(
      [
        `ACK sip:tandem@127.0.0.1:${portOf(stack, 'udp')} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKack2`,
        `From: <sip:alice@127.0.0.1>;tag=peer1`,
        `To: ${ok.headers.get('to')}`,
        `Call-ID: ack-2`,
        `CSeq: 1 ACK`,
        `Content-Length: 0`,
        ``,
        ``,
      ].join('\n'),
    );
    expect(await confirmed).toBe('ACK');
    const count = peer.responses(200).length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(peer.responses(200).length).toBe(count);
    expect(peer.requests('BYE')).toHaveLength(0);
  });
});

describe('refusals on the wire', () => {
  it('an initial INVITE without Contact gets 400', async () => {
    peer = await RawPeer.open();
    onInvite = () => {
      throw new Error('must not be offered');
    };
    peer.send(invite(peer.port, { callId: 'no-contact', contact: false }));
    await expect.poll(() => peer.responses(400).length).toBeGreaterThan(0);
  });

  it('an in-dialog request for an unknown dialog gets 481', async () => {
    peer = await RawPeer.open();
    peer.send(invite(peer.port, { callId: 'unknown', toTag: 'nosuchtag' }));
    await expect.poll(() => peer.responses(481).length).toBeGreaterThan(0);
  });

  it('a request with a CSeq lower than the last one gets 500; a re-INVITE during ours gets 491', async () => {
    peer = await RawPeer.open();
    let incoming: IncomingInvite | undefined;
    onInvite = (offered) => {
      incoming = offered;
      offered.accept();
    };
    peer.send(invite(peer.port, { callId: 'cseq-3', cseq: 10 }));
    await expect.poll(() => peer.responses(200).length).toBeGreaterThan(0);
    const toTag = peer.responses(200)[0]!.toTag!;
    const dialog = incoming!.dialog!;
    // An INFO with CSeq 5 < 10.
    peer.send(invite(peer.port, { callId: 'cseq-3', cseq: 5, toTag }).replace(/INVITE/g, 'INFO'));
    await expect.poll(() => peer.responses(500).length).toBeGreaterThan(0);
    expect(peer.responses(500)[0]!.cseq.method).toBe('INFO');
    // Our own re-INVITE goes out and stays unanswered; the peer's crosses it.
    const ours = dialog.reinvite({ body: 'v=0\r\n' });
    await expect.poll(() => peer.requests('INVITE').length).toBeGreaterThan(0);
    peer.send(invite(peer.port, { callId: 'cseq-3', cseq: 11, toTag }));
    await expect.poll(() => peer.responses(491).length).toBeGreaterThan(0);
    expect((await ours).status).toBe(408);
  });
});
