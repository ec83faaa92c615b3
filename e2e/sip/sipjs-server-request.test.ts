/**
 * A request from the server reaches an agent's SIP.js through the WebSocket it registered over (RFC 5626
 * flows): SIP.js puts a `*.invalid` host in its Contact, so that connection is the only way back to it.
 *
 * The built server offers no outside trigger for a request toward an agent yet (calls will, later), so this
 * test assembles the same SIP stack in process, on ports chosen by the system, with a credential lookup of
 * its own, and asks its core to send a MESSAGE to the registered AOR, as the calls layer will send INVITEs.
 */
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalCertificate } from '../../server/shared/tls/local-certificate.js';
import { generateCallId, generateTag, SipRequest } from '../../server/sip/message/index.js';
import type { CredentialLookup } from '../../server/sip/registrar/registrar-types.js';
import type { SipStack } from '../../server/sip/sip-stack.js';
import { startTestStack } from '../../server/sip/sip-stack.fixture.js';
import { DEFAULT_TIMERS } from '../../server/sip/transaction/transaction-types.js';
import { pollUntil } from '../support/metrics.js';
import {
  installNodeWebSocket,
  messagesLike,
  startAgent,
  type Agent,
  type NodeWebSocketInstallation,
} from '../support/sipjs-agent.js';

const realm = 'tandem';
const password = 'correct horse';
const hex = (algorithm: 'md5' | 'sha256', text: string) => createHash(algorithm).update(text).digest('hex');

/** Only alice exists; her HA1 values are computed here as the store would keep them. */
const credentials: CredentialLookup = {
  find: (username, lookupRealm) =>
    username === 'alice'
      ? {
          username,
          ha1Md5: hex('md5', `alice:${lookupRealm}:${password}`),
          ha1Sha256: hex('sha256', `alice:${lookupRealm}:${password}`),
        }
      : null,
};

let certificateDir: string;
let stack: SipStack;
let webSockets: NodeWebSocketInstallation;
const agents: Agent[] = [];

beforeAll(async () => {
  certificateDir = await mkdtemp(join(tmpdir(), 'tandem-sip-cert-'));
  const certificate = await ensureLocalCertificate(certificateDir);
  const tls = { cert: await readFile(certificate.certFile), key: await readFile(certificate.keyFile) };
  stack = await startTestStack({
    protocols: ['ws', 'wss'],
    tls,
    credentials: { alice: credentials.find('alice', realm)! },
    trustedSources: [],
    timers: DEFAULT_TIMERS,
  });
  webSockets = installNodeWebSocket(tls.cert);
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop().catch(() => undefined)));
});

afterAll(async () => {
  webSockets?.uninstall();
  await stack?.stop();
  if (certificateDir) await rm(certificateDir, { recursive: true, force: true });
});

/**
 * Sends a MESSAGE to every binding of `aor`, as a queue would tell an agent something; `finals` collects the
 * final answers (a status, or what went wrong) as they come.
 */
function sendMessageToAor(aor: string, text: string): { sentTo: number; finals: (number | string)[] } {
  const finals: (number | string)[] = [];
  const sentTo = stack.core.sendToAor(
    aor,
    (binding) =>
      new SipRequest({
        method: 'MESSAGE',
        uri: binding.contact,
        headers: [
          ['Max-Forwards', '70'],
          ['From', `<sip:queue-sales@tandem.local>;tag=${generateTag()}`],
          ['To', `<sip:${aor}@tandem.local>`],
          ['Call-ID', generateCallId()],
          ['CSeq', '1 MESSAGE'],
          ['Content-Type', 'text/plain'],
        ],
        body: text,
      }),
    {
      onResponse: (response) => {
        if (response.status >= 200) finals.push(response.status);
      },
      onTimeout: () => finals.push('timeout (Timer F)'),
      onTransportError: (error) => finals.push(`transport error: ${error.message}`),
    },
  );
  return { sentTo, finals };
}

describe.each(['ws', 'wss'] as const)('over %s', (protocol) => {
  async function registeredAlice(): Promise<Agent> {
    const endpoint = stack.transports.localEndpoint(protocol);
    if (!endpoint) throw new Error(`no ${protocol} listener`);
    const alice = await startAgent({
      server: `${protocol}://127.0.0.1:${endpoint.port}`,
      username: 'alice',
      password,
    });
    agents.push(alice);
    expect(await alice.register(), alice.log.join('\n')).toBe('registered');
    return alice;
  }

  it('a MESSAGE from the server reaches SIP.js on its WebSocket, and SIP.js answers 200', async () => {
    const alice = await registeredAlice();
    const socket = webSockets.sockets.at(-1);
    const [binding] = stack.location.lookup('alice');
    expect(binding?.contact).toMatch(/^sip:[^@]+@[^;]+\.invalid;transport=ws$/);

    const { sentTo, finals } = sendMessageToAor('alice', 'A customer is waiting in Sales');

    expect(sentTo).toBe(1);
    await pollUntil(
      async () => finals.length,
      (count) => count > 0,
    );
    expect(finals).toEqual([200]);
    expect(alice.messages).toHaveLength(1);
    expect(alice.messages[0]?.request.body).toBe('A customer is waiting in Sales');
    expect(alice.messages[0]?.request.from.uri.user).toBe('queue-sales');
    // It came down the connection SIP.js opened, addressed to the Contact it registered.
    const [message] = messagesLike(socket?.received ?? [], /^MESSAGE /);
    expect(message?.split('\r\n')[0]).toBe(`MESSAGE ${binding?.contact} SIP/2.0`);
  });

  it('once the WebSocket is gone, there is no binding left to send to', async () => {
    const alice = await registeredAlice();
    webSockets.sockets.at(-1)?.terminate();

    const remaining = await pollUntil(
      async () => stack.location.lookup('alice').length,
      (count) => count === 0,
    );

    expect(remaining).toBe(0);
    expect(sendMessageToAor('alice', 'anyone there?').sentTo).toBe(0);
    expect(alice.messages).toHaveLength(0);
  });
});
