/**
 * Response times of authenticated REGISTERs while SIPp loads the registrar. SIPp times responses with a
 * coarse clock (steps of 4 ms here), too coarse for a median under a millisecond, so a light client of our
 * own sends a few registrations per second beside the load and times, with a monotonic clock, each
 * authenticated REGISTER until its 200 OK. A probe not answered within `answerTimeoutMs` counts as lost; no
 * retransmissions, so a loss is visible instead of hidden in a 500 ms retry.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { LOOPBACK } from '../support/loopback-ports.js';
import {
  digestAuthorization,
  parseRegisterResponse,
  registerText,
  type DigestAccount,
} from '../support/sip-register-messages.js';

export interface ProbeResult {
  readonly started: number;
  /** Authenticated REGISTER to 200 OK, in milliseconds. */
  readonly latenciesMs: readonly number[];
  /** Probes that got a final answer other than the expected 401 then 200. */
  readonly refused: number;
  readonly lost: number;
}

interface Pending {
  readonly account: DigestAccount;
  readonly fromTag: string;
  sentAt: bigint;
  step: 'challenge' | 'register';
}

export class UdpLatencyProbe {
  private readonly pending = new Map<string, Pending>();
  private readonly latenciesMs: number[] = [];
  private started = 0;
  private refused = 0;
  private lost = 0;
  private ticker: NodeJS.Timeout | null = null;
  private stopping: Promise<ProbeResult> | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly registrarPort: number,
    private readonly accounts: readonly DigestAccount[],
    private readonly answerTimeoutMs: number,
  ) {
    socket.on('message', (data) => this.onMessage(data.toString('utf8')));
  }

  static async open(registrarPort: number, accounts: readonly DigestAccount[], answerTimeoutMs = 2_000) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: LOOPBACK, port: 0 }, () => resolve());
    });
    return new UdpLatencyProbe(socket, registrarPort, accounts, answerTimeoutMs);
  }

  start(probesPerSecond: number): void {
    this.ticker = setInterval(() => this.sendProbe(), 1000 / probesPerSecond);
  }

  /** Stops sending, waits for the answers still due, and closes the socket. Idempotent. */
  stop(): Promise<ProbeResult> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<ProbeResult> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.started > 0) await new Promise((resolve) => setTimeout(resolve, this.answerTimeoutMs));
    this.expire();
    this.lost += this.pending.size;
    this.pending.clear();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    return { started: this.started, latenciesMs: this.latenciesMs, refused: this.refused, lost: this.lost };
  }

  private get sentBy(): string {
    return `${LOOPBACK}:${this.socket.address().port}`;
  }

  private sendProbe(): void {
    this.expire();
    const account = this.accounts[this.started % this.accounts.length]!;
    const callId = `probe-${randomBytes(8).toString('hex')}`;
    const probe: Pending = {
      account,
      fromTag: randomBytes(4).toString('hex'),
      sentAt: 0n,
      step: 'challenge',
    };
    this.pending.set(callId, probe);
    this.started++;
    this.send(callId, probe, 1);
  }

  private send(callId: string, probe: Pending, cseq: number, authorization?: string): void {
    const text = registerText({
      transport: 'UDP',
      sentBy: this.sentBy,
      registrar: LOOPBACK,
      user: probe.account.username,
      callId,
      fromTag: probe.fromTag,
      cseq,
      contact: `sip:${probe.account.username}@${this.sentBy}`,
      expires: 600,
      authorization,
    });
    probe.sentAt = process.hrtime.bigint();
    this.socket.send(text, this.registrarPort, LOOPBACK);
  }

  private onMessage(text: string): void {
    const receivedAt = process.hrtime.bigint();
    const response = parseRegisterResponse(text);
    if (!response || response.status < 200) return;
    const probe = this.pending.get(response.callId);
    if (!probe) return;
    if (probe.step === 'challenge' && response.status === 401) {
      const authorization = authorize(response.challenges, probe.account);
      if (authorization !== null) {
        probe.step = 'register';
        this.send(response.callId, probe, 2, authorization);
        return;
      }
    }
    this.pending.delete(response.callId);
    if (probe.step === 'register' && response.status === 200) {
      this.latenciesMs.push(Number(receivedAt - probe.sentAt) / 1e6);
    } else {
      this.refused++;
    }
  }

  private expire(): void {
    const cutoff = process.hrtime.bigint() - BigInt(this.answerTimeoutMs) * 1_000_000n;
    for (const [callId, probe] of this.pending) {
      if (probe.sentAt < cutoff) {
        this.pending.delete(callId);
        this.lost++;
      }
    }
  }
}

/** Credentials for the challenge, or null when it offers no MD5 (counted as a refusal). */
function authorize(challenges: readonly string[], account: DigestAccount): string | null {
  try {
    return digestAuthorization(challenges, account, `sip:${LOOPBACK}`);
  } catch {
    return null;
  }
}
