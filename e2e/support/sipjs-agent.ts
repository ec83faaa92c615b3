/**
 * SIP.js 0.21 in Node as the agents' client would run it, signalling only: SIP.js opens
 * `new WebSocket(server, 'sip')` on the global object, which Node 20 lacks, so `installNodeWebSocket()` puts
 * `ws` there, trusting the server's own certificate for wss: and recording every frame each way, so that a
 * test can say what went over the wire.
 *
 *   const sockets = installNodeWebSocket(readFileSync(certFile));
 *   const agent = await startAgent({ server: `wss://127.0.0.1:${port}`, username: 'alice', password: 'demo' });
 *   await agent.register();
 *   await agent.stop();
 *   sockets.uninstall();
 */
import { Registerer, RegistererState, UserAgent, type Message, type RegistererOptions } from 'sip.js';
import WebSocket from 'ws';
import { pollUntil } from './metrics.js';

/** One WebSocket SIP.js opened, with the SIP messages it carried. */
export interface RecordedSocket {
  readonly url: string;
  readonly sent: string[];
  readonly received: string[];
  /** Drops the connection without a closing handshake, as a crashed tab or a lost network would. */
  terminate(): void;
}

export interface NodeWebSocketInstallation {
  readonly sockets: readonly RecordedSocket[];
  uninstall(): void;
}

export function installNodeWebSocket(trustedCertificate?: Buffer): NodeWebSocketInstallation {
  const sockets: RecordedSocket[] = [];
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');

  class RecordingWebSocket extends WebSocket {
    readonly record: RecordedSocket;

    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, trustedCertificate ? { ca: trustedCertificate } : {});
      const received: string[] = [];
      this.record = { url: address, sent: [], received, terminate: () => this.terminate() };
      sockets.push(this.record);
      this.on('message', (data: Buffer) => received.push(data.toString('utf8')));
    }

    override send(data: unknown, ...rest: unknown[]): void {
      this.record.sent.push(String(data));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }

  Object.defineProperty(globalThis, 'WebSocket', {
    value: RecordingWebSocket,
    configurable: true,
    writable: true,
  });
  return {
    sockets,
    uninstall() {
      if (previous) Object.defineProperty(globalThis, 'WebSocket', previous);
      else delete (globalThis as { WebSocket?: unknown }).WebSocket;
    },
  };
}

export interface AgentOptions {
  /** `ws://127.0.0.1:<port>` or `wss://...`. */
  readonly server: string;
  readonly username: string;
  readonly password: string;
  /** Default `tandem.local`, a domain the server serves. */
  readonly domain?: string;
  readonly registerer?: RegistererOptions;
}

/** A signalling-only agent: a SIP.js UserAgent with its Registerer, and what happened to them. */
export interface Agent {
  readonly userAgent: UserAgent;
  readonly registerer: Registerer;
  /** Every state the registerer went through, in order. */
  readonly states: RegistererState[];
  /** MESSAGE requests that reached the agent (each accepted with 200). */
  readonly messages: Message[];
  /** What SIP.js logged at warning level and above. */
  readonly log: string[];
  /**
   * Sends REGISTER and waits for its final outcome: `Registered`, or the status of the final refusal (SIP.js
   * answers 401 challenges and 423 Interval Too Brief by itself before that).
   */
  register(timeoutMs?: number): Promise<'registered' | number>;
  /** Sends REGISTER with Expires 0 and waits until the registerer says Unregistered. */
  unregister(timeoutMs?: number): Promise<RegistererState>;
  /** Stops the user agent: unregisters if registered, then closes its WebSocket. */
  stop(): Promise<void>;
}

export async function startAgent(options: AgentOptions): Promise<Agent> {
  const uri = UserAgent.makeURI(`sip:${options.username}@${options.domain ?? 'tandem.local'}`);
  if (!uri) throw new TypeError(`cannot make a SIP URI for ${options.username}`);
  const messages: Message[] = [];
  const log: string[] = [];
  const userAgent = new UserAgent({
    uri,
    transportOptions: { server: options.server, connectionTimeout: 5 },
    authorizationUsername: options.username,
    authorizationPassword: options.password,
    logBuiltinEnabled: false,
    logLevel: 'warn',
    logConnector: (level, category, _label, content) => {
      if (level === 'warn' || level === 'error') log.push(`${level} ${category}: ${content}`);
    },
    delegate: {
      onMessage: (message) => {
        messages.push(message);
        void message.accept();
      },
    },
  });
  await userAgent.start();
  const registerer = new Registerer(userAgent, { logConfiguration: false, ...options.registerer });
  const states: RegistererState[] = [];
  registerer.stateChange.addListener((state) => states.push(state));

  const register = async (timeoutMs = 5_000): Promise<'registered' | number> => {
    let refusal: number | undefined;
    await registerer.register({
      requestDelegate: { onReject: (response) => (refusal = response.message.statusCode) },
    });
    // A 423 makes SIP.js send a new REGISTER of its own, without our delegate: follow the state as well.
    await pollUntil(
      async () => registerer.state,
      (state) => state === RegistererState.Registered || refusal !== undefined,
      timeoutMs,
      20,
    );
    if (registerer.state === RegistererState.Registered) return 'registered';
    if (refusal !== undefined) return refusal;
    throw new Error(`no answer to REGISTER within ${timeoutMs} ms (state ${registerer.state})`);
  };

  const unregister = async (timeoutMs = 5_000): Promise<RegistererState> => {
    await registerer.unregister();
    return pollUntil(
      async () => registerer.state,
      (state) => state === RegistererState.Unregistered,
      timeoutMs,
      20,
    );
  };

  return {
    userAgent,
    registerer,
    states,
    messages,
    log,
    register,
    unregister,
    stop: () => userAgent.stop(),
  };
}

/** The SIP messages on a socket whose start line matches, e.g. `/^REGISTER /` or `/^SIP\/2\.0 423 /`. */
export function messagesLike(messages: readonly string[], startLine: RegExp): string[] {
  return messages.filter((message) => startLine.test(message));
}
