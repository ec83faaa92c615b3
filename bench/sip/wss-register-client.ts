/**
 * Many SIP-over-WebSocket clients in one process: each opens its own secure WebSocket (subprotocol "sip",
 * RFC 7118), registers one binding with digest authentication, and keeps the connection open, as an agent's
 * SIP.js does. At most `concurrency` registrations are under way at once.
 */
import { randomBytes } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import WebSocket, { type ClientOptions } from 'ws';
import { LOOPBACK } from '../support/loopback-ports.js';
import {
  digestAuthorization,
  parseRegisterResponse,
  registerText,
  type DigestAccount,
} from '../support/sip-register-messages.js';

export interface WssRegistrationOptions {
  readonly url: string;
  readonly accounts: readonly DigestAccount[];
  readonly total: number;
  readonly concurrency: number;
  /** Per registration, from connect to 200 OK. */
  readonly timeoutMs: number;
}

export interface HeldRegistrations {
  readonly sockets: readonly WebSocket[];
  readonly failures: number;
  /** The first few reasons, to tell what went wrong. */
  readonly failureSamples: readonly string[];
  readonly elapsedMs: number;
  closeAll(): void;
}

export async function registerOverWss(options: WssRegistrationOptions): Promise<HeldRegistrations> {
  const sockets: WebSocket[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  // One TLS context for all: building one per connection (Node's default) loads the CA store each time and
  // would make this client, not the server, the bottleneck. Each connection still has its own full handshake.
  const secureContext = createSecureContext();
  const startedAt = process.hrtime.bigint();
  const worker = async () => {
    while (next < options.total) {
      const index = next++;
      const account = options.accounts[index % options.accounts.length]!;
      try {
        sockets.push(await registerOne(options.url, account, secureContext, options.timeoutMs));
      } catch (error) {
        failures++;
        if (failureSamples.length < 5) failureSamples.push(`#${index} ${account.username}: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.total) }, worker));
  return {
    sockets,
    failures,
    failureSamples,
    elapsedMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
    closeAll: () => sockets.forEach((socket) => socket.terminate()),
  };
}

function registerOne(
  url: string,
  account: DigestAccount,
  secureContext: SecureContext,
  timeoutMs: number,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // ws hands its options to tls.connect, which takes a prepared `secureContext` (ws's types omit it).
    const options: ClientOptions & { secureContext: SecureContext } = {
      // The server's certificate is self-signed (generated in its data directory).
      rejectUnauthorized: false,
      secureContext,
      perMessageDeflate: false,
    };
    const socket = new WebSocket(url, 'sip', options);
    // RFC 7118 section 5: a WebSocket client has no reachable address of its own; it invents one.
    const sentBy = `${randomBytes(6).toString('hex')}.invalid`;
    const callId = randomBytes(10).toString('hex');
    const fromTag = randomBytes(4).toString('hex');
    const request = (cseq: number, authorization?: string) =>
      registerText({
        transport: 'WSS',
        sentBy,
        registrar: LOOPBACK,
        user: account.username,
        callId,
        fromTag,
        cseq,
        contact: `sip:${account.username}@${sentBy};transport=ws`,
        expires: 600,
        authorization,
      });
    const fail = (reason: string) => {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail(`no 200 OK within ${timeoutMs} ms`), timeoutMs);
    socket.on('open', () => socket.send(request(1)));
    socket.on('message', (data) => {
      const response = parseRegisterResponse(data.toString());
      if (!response || response.status < 200) return;
      if (response.status === 401 && response.cseq === 1) {
        try {
          socket.send(request(2, digestAuthorization(response.challenges, account, `sip:${LOOPBACK}`)));
        } catch (error) {
          fail((error as Error).message);
        }
      } else if (response.status === 200 && response.cseq === 2) {
        clearTimeout(timer);
        socket.removeAllListeners('message');
        resolve(socket);
      } else {
        fail(`answered ${response.status} to CSeq ${response.cseq}`);
      }
    });
    socket.on('unexpected-response', (_request, response) => fail(`HTTP ${response.statusCode}`));
    // After registration, errors and closes only matter through the server's counts.
    socket.on('error', (error) => fail(error.message));
    socket.on('close', () => fail('connection closed'));
  });
}
