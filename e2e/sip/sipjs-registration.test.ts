/**
 * The agents' client library, SIP.js 0.21, registering with the built server over WebSocket (ws) and secure
 * WebSocket (wss, trusting the server's self-signed certificate and nothing else), as an agent's client
 * would: register, re-register before the binding expires, un-register, a wrong password, and a WebSocket
 * that goes away. What the server holds is read from its /metrics; what went over the wire from the socket.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistererState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, readMetric } from '../support/metrics.js';
import {
  installNodeWebSocket,
  messagesLike,
  startAgent,
  type Agent,
  type AgentOptions,
  type NodeWebSocketInstallation,
} from '../support/sipjs-agent.js';
import { startTandem, type TandemServer } from '../support/tandem-server.js';

/** Short enough for a refresh to be seen in a test; the default 60 s would take half a minute. */
const minExpires = 2;

let tandem: TandemServer;
let webSockets: NodeWebSocketInstallation;
const agents: Agent[] = [];

beforeAll(async () => {
  tandem = await startTandem({ env: { TANDEM_SIP_REGISTRAR_MIN_EXPIRES: String(minExpires) } });
  // The server generated its certificate in its data directory (server/shared/tls/local-certificate.ts).
  webSockets = installNodeWebSocket(await readFile(join(tandem.dataDir, 'tls', 'local-cert.pem')));
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop().catch(() => undefined)));
});

afterAll(async () => {
  webSockets?.uninstall();
  await tandem?.stop();
});

const metric = (name: string) => readMetric(tandem.baseUrl, `tandem_sip_${name}`);

describe.each(['ws', 'wss'] as const)('SIP.js over %s', (protocol) => {
  const server = () => `${protocol}://127.0.0.1:${tandem.sip[protocol]}`;

  async function agent(options: Partial<AgentOptions> = {}): Promise<Agent> {
    const started = await startAgent({ server: server(), username: 'alice', password: 'demo', ...options });
    agents.push(started);
    return started;
  }

  /** The socket SIP.js opened most recently, with what went over it. */
  const lastSocket = () => {
    const socket = webSockets.sockets.at(-1);
    if (!socket) throw new Error('SIP.js opened no WebSocket');
    return socket;
  };

  it('registers alice; the server holds one binding for her', async () => {
    const alice = await agent();

    expect(await alice.register(), alice.log.join('\n')).toBe('registered');

    expect(lastSocket().url).toBe(server());
    expect(await metric('bindings')).toBe(1);
    expect(await metric('registered_aors')).toBe(1);
    // The 200 lists the binding with the expiry the registrar chose (RFC 3261 10.3 step 8).
    const [ok] = messagesLike(lastSocket().received, /^SIP\/2\.0 200 /);
    expect(ok).toMatch(/^Contact: <sip:[^>]+;transport=ws>;expires=600\r$/im);
  });

  it('re-registers before the binding expires, after raising a too brief expiry to Min-Expires', async () => {
    const refused = await metric('auth_failures');
    const sam = await agent({ username: 'sam', registerer: { expires: 1, refreshFrequency: 50 } });

    expect(await sam.register(), sam.log.join('\n')).toBe('registered');
    const socket = lastSocket();
    // RFC 3261 10.3 step 7: 1 s is below the minimum, so 423 with Min-Expires, and SIP.js retries with it.
    const [tooBrief] = messagesLike(socket.received, /^SIP\/2\.0 423 /);
    expect(tooBrief).toMatch(new RegExp(`^Min-Expires: ${minExpires}\\r$`, 'm'));
    const accepted = await metric('registrations_accepted');

    // SIP.js refreshes at half the expiry: two refreshes take about 2 s, past the first binding's expiry.
    const refreshed = await pollUntil(
      () => metric('registrations_accepted'),
      (count) => count >= accepted + 2,
      4_000,
    );
    expect(refreshed).toBeGreaterThanOrEqual(accepted + 2);
    expect(sam.registerer.state).toBe(RegistererState.Registered);
    const oks = messagesLike(socket.received, /^SIP\/2\.0 200 /);
    expect(oks.length).toBeGreaterThanOrEqual(3);
    expect(oks.at(-1)).toMatch(new RegExp(`;expires=${minExpires}\\r$`, 'm'));
    // SIP.js resends its last Authorization with each refresh: a new challenge, never a refusal.
    expect(messagesLike(socket.received, /^SIP\/2\.0 403 /)).toEqual([]);
    expect(await metric('auth_failures')).toBe(refused);
    expect(await metric('bindings')).toBe(1);
  });

  it('un-registers; the binding goes', async () => {
    const bob = await agent({ username: 'bob' });
    expect(await bob.register(), bob.log.join('\n')).toBe('registered');
    expect(await metric('bindings')).toBe(1);

    expect(await bob.unregister()).toBe(RegistererState.Unregistered);

    expect(await metric('bindings')).toBe(0);
    expect(await metric('registered_aors')).toBe(0);
    // SIP.js asked for it: its last REGISTER carried expires=0.
    const registers = messagesLike(lastSocket().sent, /^REGISTER /);
    expect(registers.at(-1)).toMatch(/^Contact: .*;expires=0\r$/m);
  });

  it('refuses a wrong password: SIP.js never reaches Registered', async () => {
    const refused = await metric('auth_failures');
    const alice = await agent({ password: 'not-demo' });

    expect(await alice.register()).toBe(403);

    expect(alice.states).not.toContain(RegistererState.Registered);
    expect(alice.registerer.state).toBe(RegistererState.Unregistered);
    expect(await metric('auth_failures')).toBe(refused + 1);
    expect(await metric('bindings')).toBe(0);
  });

  it('drops the binding when the WebSocket goes away without un-registering', async () => {
    const alice = await agent();
    expect(await alice.register(), alice.log.join('\n')).toBe('registered');
    expect(await metric('bindings')).toBe(1);
    const socket = lastSocket();
    const registersSent = messagesLike(socket.sent, /^REGISTER /).length;

    socket.terminate();

    // Not an expiry (that would take 600 s): the binding goes with its flow (RFC 5626 5.2).
    expect(
      await pollUntil(
        () => metric('bindings'),
        (count) => count === 0,
      ),
    ).toBe(0);
    expect(await metric('connections')).toBe(0);
    expect(messagesLike(socket.sent, /^REGISTER /)).toHaveLength(registersSent);
  });
});
