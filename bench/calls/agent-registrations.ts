/**
 * Registers every benchmark agent over UDP with its Contact on the agents' SIPp (the "agents' phones"):
 * REGISTER, 401, REGISTER with digest, 200, through Tandem's own digest code (bench/support). The requests
 * leave from another socket of 127.0.0.1: the registrar sends to the Contact when its host is the source
 * host (SipCore.destinationOf), so calls reach the SIPp port named in the Contact.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { LOOPBACK } from '../support/loopback-ports.js';
import {
  digestAuthorization,
  parseRegisterResponse,
  registerText,
  type DigestAccount,
} from '../support/sip-register-messages.js';

export interface RegistrationOptions {
  readonly registrarPort: number;
  readonly accounts: readonly DigestAccount[];
  /** Where every agent's phone is: the agents' SIPp. */
  readonly phonePort: number;
  readonly inFlight?: number;
  readonly timeoutMs?: number;
}

interface Attempt {
  readonly account: DigestAccount;
  readonly fromTag: string;
  cseq: number;
  sentAt: number;
  tries: number;
}

/** Resolves when every account holds a binding; rejects with the first refusal or after three silent tries. */
export async function registerAgents(options: RegistrationOptions): Promise<void> {
  const { registrarPort, accounts, phonePort, inFlight = 50, timeoutMs = 2_000 } = options;
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: LOOPBACK, port: 0 }, () => resolve());
  });
  const sentBy = `${LOOPBACK}:${socket.address().port}`;
  const pending = new Map<string, Attempt>();
  let next = 0;
  let done = 0;
  const send = (callId: string, attempt: Attempt, authorization?: string) => {
    attempt.sentAt = Date.now();
    const text = registerText({
      transport: 'UDP',
      sentBy,
      registrar: LOOPBACK,
      user: attempt.account.username,
      callId,
      fromTag: attempt.fromTag,
      cseq: attempt.cseq,
      contact: `sip:${attempt.account.username}@${LOOPBACK}:${phonePort}`,
      expires: 3600,
      authorization,
    });
    socket.send(text, registrarPort, LOOPBACK);
  };
  const startNext = () => {
    while (pending.size < inFlight && next < accounts.length) {
      const attempt: Attempt = {
        account: accounts[next++]!,
        fromTag: randomBytes(4).toString('hex'),
        cseq: 1,
        sentAt: 0,
        tries: 1,
      };
      const callId = `bench-calls-register-${randomBytes(8).toString('hex')}`;
      pending.set(callId, attempt);
      send(callId, attempt);
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const response = parseRegisterResponse(data.toString('utf8'));
        const attempt = response ? pending.get(response.callId) : undefined;
        if (!response || !attempt || response.status < 200 || response.cseq !== attempt.cseq) return;
        if (response.status === 401 && attempt.cseq === 1) {
          attempt.cseq = 2;
          send(
            response.callId,
            attempt,
            digestAuthorization(response.challenges, attempt.account, `sip:${LOOPBACK}`),
          );
          return;
        }
        pending.delete(response.callId);
        if (response.status !== 200) {
          reject(new Error(`REGISTER of ${attempt.account.username} answered ${response.status}`));
          return;
        }
        if (++done === accounts.length) resolve();
        else startNext();
      });
      const retry = setInterval(() => {
        for (const [callId, attempt] of pending) {
          if (Date.now() - attempt.sentAt < timeoutMs) continue;
          if (attempt.tries >= 3) {
            reject(new Error(`REGISTER of ${attempt.account.username} was not answered`));
            return;
          }
          // Start again with a new Call-ID: the first REGISTER or its challenge was lost.
          pending.delete(callId);
          const again: Attempt = { ...attempt, cseq: 1, tries: attempt.tries + 1 };
          const newCallId = `bench-calls-register-${randomBytes(8).toString('hex')}`;
          pending.set(newCallId, again);
          send(newCallId, again);
        }
      }, 250);
      socket.once('close', () => clearInterval(retry));
      if (accounts.length === 0) resolve();
      startNext();
    });
  } finally {
    socket.close();
  }
}
