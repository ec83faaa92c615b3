/**
 * Runs the built Tandem server (dist/server/main.js) as a child process for a journey, the way an operator
 * would: its own port on 127.0.0.1, a fresh data directory, configuration from environment variables only.
 *
 *   const tandem = await startTandem();
 *   await page.goto(tandem.baseUrl);
 *   await tandem.stop(); // SIGTERM; fails if the server does not exit cleanly
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePortRange } from '../../server/sfu/testing/test-ports.fixture.js';
import { freeLoopbackPort } from './free-port.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const serverEntry = join(repoRoot, 'dist', 'server', 'main.js');
export const webClientIndex = join(repoRoot, 'dist', 'renderer', 'index.html');

export interface StartTandemOptions {
  /** More configuration as `TANDEM_*` variables (see server/shared/config/env-overrides.ts). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default `warn`: quiet unless something is wrong. */
  readonly logLevel?: string;
  /** How long the server may take until `GET /healthz` answers 200. Default 20 s. */
  readonly startTimeoutMs?: number;
  /** How long the server may take to exit after SIGTERM before it is killed. Default 10 s. */
  readonly stopTimeoutMs?: number;
  /** Keep the data directory after stop(), e.g. to look at the database after a failure. */
  readonly keepDataDir?: boolean;
}

export interface TandemServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly baseUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number;
  /** The server's rtpengine: ng control port and media port range. */
  readonly media: { readonly ngPort: number; readonly portMin: number; readonly portMax: number };
  /** The SIP listeners' ports (UDP and TCP share one, as on the defaults). */
  readonly sip: {
    readonly udp: number;
    readonly tcp: number;
    readonly tls: number;
    readonly ws: number;
    readonly wss: number;
  };
  /** What the server wrote to stdout and stderr so far (the last 64 KiB). */
  output(): string;
  /**
   * Sends SIGTERM and waits for the exit. Rejects if the server needed SIGKILL or exited with a code other
   * than 0. Calling it again returns the same outcome.
   */
  stop(): Promise<void>;
}

const outputLimit = 64 * 1024;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function waitForExit(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeExit(exit: Exit): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
}

/** Only our own variables reach the server: a developer's TANDEM_* settings must not change a test. */
function serverEnvironment(own: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('TANDEM_'));
  return { ...Object.fromEntries(inherited), ...own };
}

async function waitUntilHealthy(
  healthUrl: string,
  exited: Promise<Exit>,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void exited.then((value) => (exit = value));
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      throw new Error(
        `Tandem ${describeExit(exit)} before it became healthy.\n--- server output ---\n${output()}`,
      );
    }
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}: ${body}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await delay(100);
  }
  throw new Error(
    `Tandem did not answer 200 on ${healthUrl} within ${timeoutMs} ms (last: ${lastProblem}).\n` +
      `--- server output ---\n${output()}`,
  );
}

/**
 * Starts the built server on free loopback ports. Ports found free are only reserved once the server
 * binds them; another process can take one in between (it happened under a full test run), so a start
 * that fails on a port already in use is tried again with other ports, twice at most.
 */
export async function startTandem(options: StartTandemOptions = {}): Promise<TandemServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTandemOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/is already in use|EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function startTandemOnce(options: StartTandemOptions): Promise<TandemServer> {
  if (!existsSync(serverEntry)) {
    throw new Error(`${serverEntry} is missing: run \`npm run build:server\` before the journeys`);
  }
  const port = await freeLoopbackPort();
  const sipPort = await freeLoopbackPort();
  const sip = {
    udp: sipPort,
    tcp: sipPort,
    tls: await freeLoopbackPort(),
    ws: await freeLoopbackPort(),
    wss: await freeLoopbackPort(),
  };
  // Each server runs its own rtpengine: its ng port and media ports must not collide with another's.
  const media = await freePortRange(100);
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;

  // The data directory is also the working directory, so no ./tandem.yaml of the developer is picked up.
  const child = spawn(process.execPath, [serverEntry], {
    cwd: dataDir,
    env: serverEnvironment({
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_HTTP_PORT: String(port),
      TANDEM_DATA_DIR: dataDir,
      TANDEM_LOG_LEVEL: options.logLevel ?? 'warn',
      TANDEM_SIP_UDP_PORT: String(sip.udp),
      TANDEM_SIP_TCP_PORT: String(sip.tcp),
      TANDEM_SIP_TLS_PORT: String(sip.tls),
      TANDEM_SIP_WS_PORT: String(sip.ws),
      TANDEM_SIP_WSS_PORT: String(sip.wss),
      TANDEM_MEDIA_RTPENGINE_NG_PORT: String(media.ngPort),
      TANDEM_MEDIA_RTPENGINE_PORT_MIN: String(media.portMin),
      TANDEM_MEDIA_RTPENGINE_PORT_MAX: String(media.portMax),
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-outputLimit);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('error', (error) => collect(Buffer.from(`\n[could not run the server: ${error.message}]\n`)));
  const exited = waitForExit(child);
  // Never leave a server behind when the test runner itself goes away.
  const killOnRunnerExit = () => child.kill('SIGKILL');
  process.once('exit', killOnRunnerExit);

  const removeDataDir = async () => {
    process.off('exit', killOnRunnerExit);
    if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
      try {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const exit = await Promise.race([exited, delay(stopTimeoutMs).then(() => undefined)]);
        if (exit === undefined) {
          child.kill('SIGKILL');
          await exited;
          throw new Error(
            `Tandem did not exit within ${stopTimeoutMs} ms of SIGTERM and was killed.\n` +
              `--- server output ---\n${output}`,
          );
        }
        if (exit.code !== 0) {
          throw new Error(
            `Tandem ${describeExit(exit)} when asked to stop.\n--- server output ---\n${output}`,
          );
        }
      } finally {
        await removeDataDir();
      }
    })();
    return stopping;
  };

  try {
    await waitUntilHealthy(`${baseUrl}/healthz`, exited, options.startTimeoutMs ?? 20_000, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await removeDataDir();
    throw error;
  }

  return {
    baseUrl,
    sip,
    media,
    port,
    dataDir,
    pid: child.pid ?? -1,
    output: () => output,
    stop,
  };
}
