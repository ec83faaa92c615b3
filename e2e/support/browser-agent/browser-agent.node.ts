/**
 * A contact-center agent in headless Chromium: SIP.js 0.21 over WebSocket (wss or ws) with real WebRTC media
 * from Chromium's fake microphone, on a test page of its own (page/agent-page.dom.ts), driven from Node.
 *
 *   const agent = await openBrowserAgent(context, { tandem, username: 'alice', password: 'demo' });
 *   await agent.registered();
 *   const call = await agent.nextIncomingCall();
 *   await call.answer();
 *   await call.waitForAudio();
 *   await agent.unregister();
 *   await agent.close();
 *
 * The context must trust the server's self-signed certificate for wss (`ignoreHTTPSErrors: true`, which
 * Chromium applies to WebSockets too). Everything the page logs (SIP.js at `log` level prints every SIP
 * message) is kept in `agent.log`, for attaching to a failed test.
 */
import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';
import type {
  AgentStatus,
  DtmfMethod,
  PageAgentConfig,
  RegistrationSnapshot,
  SipLogLevel,
  SipTransport,
} from './browser-agent-types.js';
import { agentPageUrl } from './agent-page-server.node.js';
import { BrowserCall, type CallOwner } from './browser-call.node.js';
import { waitUntil } from './wait-until.node.js';

export interface OpenBrowserAgentOptions {
  /** A running Tandem (see ../tandem-server.ts): its SIP WebSocket ports. Or give `server`. */
  readonly tandem?: { readonly sip: { readonly ws: number; readonly wss: number } };
  /** `ws://127.0.0.1:<port>` or `wss://...`, instead of `tandem`. */
  readonly server?: string;
  readonly username: string;
  /** Default `demo`, the demo tenant's password. */
  readonly password?: string;
  /** Default `wss`, as the agent client connects. */
  readonly transport?: SipTransport;
  /** Default `tandem.local`. */
  readonly domain?: string;
  /** Send REGISTER as soon as the page connected. Default true; `registered()` waits for the outcome. */
  readonly register?: boolean;
  /** How `call.sendDtmf` sends digits unless told otherwise. Default `rfc4733`. */
  readonly dtmf?: DtmfMethod;
  /** How long SIP.js waits for ICE gathering (no trickle ICE). Default 500 ms: loopback is quick. */
  readonly iceGatheringTimeoutMs?: number;
  /** Default `log`: every SIP message. `debug` adds SIP.js's internals. */
  readonly sipLogLevel?: SipLogLevel;
  /** Default bound for every wait of this agent and its calls. Default 10 s. */
  readonly timeoutMs?: number;
}

/** The registrar refused the agent's REGISTER (after SIP.js answered any digest challenge). */
export class RegistrationRefusedError extends Error {
  override readonly name = 'RegistrationRefusedError';

  constructor(
    readonly username: string,
    readonly statusCode: number,
    readonly reasonPhrase: string,
  ) {
    super(`${username}: REGISTER refused with ${statusCode} ${reasonPhrase}`);
  }
}

export interface BrowserAgent {
  readonly page: Page;
  readonly username: string;
  /** `sip:alice@tandem.local`. */
  readonly aor: string;
  /** The page's console and errors, in order: SIP.js lines, the agent's own lines, page errors. */
  readonly log: readonly string[];
  status(): Promise<AgentStatus>;
  registration(): Promise<RegistrationSnapshot>;
  /** Sends REGISTER (again). */
  register(): Promise<void>;
  /** Waits for Registered; throws `RegistrationRefusedError` when the registrar refused. */
  registered(timeoutMs?: number): Promise<void>;
  /** REGISTER with expires 0, then waits for Unregistered. */
  unregister(timeoutMs?: number): Promise<void>;
  /** Waits for an incoming INVITE not handed out before, and returns its call. */
  nextIncomingCall(timeoutMs?: number): Promise<BrowserCall>;
  /** Calls a SIP URI, or an extension or number at the agent's domain (`1002` -> `sip:1002@tandem.local`). */
  call(target: string): Promise<BrowserCall>;
  /** Ends the calls, un-registers and disconnects, then closes the page. Idempotent. */
  close(): Promise<void>;
}

function serverUrl(options: OpenBrowserAgentOptions): string {
  if (options.server) return options.server;
  if (!options.tandem) throw new TypeError('openBrowserAgent needs `tandem` or `server`');
  const transport = options.transport ?? 'wss';
  return `${transport}://127.0.0.1:${options.tandem.sip[transport]}`;
}

function collectLog(page: Page, log: string[]): void {
  page.on('console', (message: ConsoleMessage) => log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.stack ?? error.message}`));
}

const lastLines = (log: readonly string[], count = 15) => log.slice(-count).join('\n');

export async function openBrowserAgent(
  context: BrowserContext,
  options: OpenBrowserAgentOptions,
): Promise<BrowserAgent> {
  const domain = options.domain ?? 'tandem.local';
  const config: PageAgentConfig = {
    server: serverUrl(options),
    aor: `sip:${options.username}@${domain}`,
    username: options.username,
    password: options.password ?? 'demo',
    iceGatheringTimeoutMs: options.iceGatheringTimeoutMs ?? 500,
    logLevel: options.sipLogLevel ?? 'log',
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = await agentPageUrl();
  await context.grantPermissions(['microphone'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const log: string[] = [];
  collectLog(page, log);
  await page.goto(url);
  await page.waitForFunction(() => window.tandemAgent !== undefined, null, { timeout: timeoutMs });
  try {
    await page.evaluate((pageConfig) => window.tandemAgent!.start(pageConfig), config);
  } catch (error) {
    const hint = config.server.startsWith('wss:')
      ? ' (for wss, the browser context needs `ignoreHTTPSErrors: true` to accept the self-signed certificate)'
      : '';
    await page.close();
    throw new Error(
      `${options.username} could not connect to ${config.server}${hint}: ${(error as Error).message}\n` +
        lastLines(log),
      { cause: error },
    );
  }

  const owner: CallOwner = {
    page,
    name: options.username,
    defaultDtmf: options.dtmf ?? 'rfc4733',
    timeoutMs,
  };
  const handedOut = new Set<string>();
  const status = () => page.evaluate(() => window.tandemAgent!.status());
  const registration = async () => (await status()).registration;
  let closing: Promise<void> | undefined;

  const agent: BrowserAgent = {
    page,
    username: options.username,
    aor: config.aor,
    log,
    status,
    registration,
    register: () => page.evaluate(() => window.tandemAgent!.register()),
    async registered(waitMs = timeoutMs) {
      const outcome = await waitUntil(
        registration,
        (snapshot) => snapshot.state === 'Registered' || snapshot.refusal !== undefined,
        { timeoutMs: waitMs, awaiting: `${options.username} to be registered` },
      );
      if (outcome.refusal) {
        throw new RegistrationRefusedError(
          options.username,
          outcome.refusal.statusCode,
          outcome.refusal.reasonPhrase,
        );
      }
    },
    async unregister(waitMs = timeoutMs) {
      await page.evaluate(() => window.tandemAgent!.unregister());
      await waitUntil(registration, (snapshot) => snapshot.state === 'Unregistered', {
        timeoutMs: waitMs,
        awaiting: `${options.username} to be unregistered`,
      });
    },
    async nextIncomingCall(waitMs = timeoutMs) {
      const fresh = (current: AgentStatus) =>
        current.calls.find((call) => call.direction === 'incoming' && !handedOut.has(call.id));
      const current = await waitUntil(status, (value) => fresh(value) !== undefined, {
        timeoutMs: waitMs,
        awaiting: `an incoming call to ${options.username}`,
        describe: (value) =>
          JSON.stringify(value.calls.map(({ id, direction, state }) => [id, direction, state])),
      });
      const call = fresh(current)!;
      handedOut.add(call.id);
      return new BrowserCall(owner, call.id, 'incoming', call.remoteUri);
    },
    async call(target) {
      const uri = target.includes(':') ? target : `sip:${target}@${domain}`;
      const id = await page.evaluate((targetUri) => window.tandemAgent!.call(targetUri), uri);
      return new BrowserCall(owner, id, 'outgoing', uri);
    },
    close() {
      closing ??= (async () => {
        if (page.isClosed()) return;
        await page
          .evaluate(() => window.tandemAgent!.stop())
          .catch((error: unknown) => {
            log.push(`[harness] stopping the agent failed: ${String(error)}`);
          });
        await page.close();
      })();
      return closing;
    },
  };

  if (options.register ?? true) await agent.register();
  return agent;
}
