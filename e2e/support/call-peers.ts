/**
 * The peers of a call journey against a spawned Tandem: an agent's desk phone (SIPp registered as the agent
 * from its own port, then answering there), the demo trunk (SIPp calling one of Tandem's numbers with a
 * recorded voice), and the agent's live event stream (GET /api/events).
 */
import { WebSocket } from 'ws';
import { freeLoopbackPort } from './free-port.js';
import { describeSipp, runSipp, type SippResult } from './sipp.js';
import type { TandemServer } from './tandem-server.js';

/** Registers `username`'s desk phone at `port`, so that the next SIPp listening there rings as that agent. */
export async function registerDeskPhone(
  tandem: TandemServer,
  port: number,
  username = 'alice',
): Promise<void> {
  const result = await runSipp({
    scenario: 'register-digest.xml',
    port: tandem.sip.udp,
    transport: 'udp',
    service: username,
    auth: { username, password: 'demo' },
    localPort: port,
  });
  if (result.exitCode !== 0) throw new Error(`the desk phone did not register\n${describeSipp(result)}`);
}

/** The desk phone answering one call (and echoing its audio) at `port`; resolves when SIPp exits. */
export async function answerOnDeskPhone(tandem: TandemServer, port: number): Promise<SippResult> {
  return runSipp({
    scenario: 'agent-phone-answer.xml',
    port: tandem.sip.udp,
    transport: 'udp',
    localPort: port,
    defaultBehaviors: 'all',
    timeoutMs: 20_000,
    extraArgs: ['-mp', String(await freeLoopbackPort()), '-rtp_echo'],
  });
}

/** The trunk calls a number with a recorded voice (3 s) and hangs up. */
export async function trunkCall(
  tandem: TandemServer,
  extra: { service?: string; timeoutMs?: number } = {},
): Promise<SippResult> {
  return runSipp({
    scenario: 'trunk-call-pcma.xml',
    port: tandem.sip.udp,
    transport: 'udp',
    service: extra.service ?? '+15550101',
    defaultBehaviors: 'all',
    timeoutMs: extra.timeoutMs ?? 20_000,
    extraArgs: ['-mp', String(await freeLoopbackPort())],
  });
}

export interface EventMessage {
  readonly type: string;
  readonly event?: { readonly type: string; readonly callId: string; readonly reason?: string };
}

/** An agent's live call events, authenticated with its password. */
export async function openEventStream(tandem: TandemServer, username: string, password: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${tandem.port}/api/events`);
  const messages: EventMessage[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as EventMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'auth', username, password }));
  return { ws, messages, closed };
}
