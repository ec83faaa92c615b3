/**
 * A Tandem server that a journey can stop and start again on the same ports and the same data directory,
 * as an operator restarting it would (support/tandem-server.ts picks new ports at every start). Clients
 * see the same address go away and come back.
 *
 *   const tandem = await startRestartableTandem();
 *   await tandem.restart({ downForMs: 2_000 });
 *   await tandem.close();   // stops it and removes the data directory
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortRange } from '../../../server/sfu/testing/test-ports.fixture.js';
import { freeLoopbackPort } from '../free-port.js';
import { serverEntry } from '../tandem-server.js';

export interface RestartableTandem {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly sip: { readonly udp: number; readonly ws: number; readonly wss: number };
  readonly media: { readonly ngPort: number };
  /** What the server processes wrote so far (the last 64 KiB). */
  output(): string;
  /** SIGTERM, wait for a clean exit, stay down for `downForMs`, start again and wait until healthy. */
  restart(options?: { downForMs?: number }): Promise<void>;
  /** Stops the server (if running) and removes the data directory. Idempotent. */
  close(): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startRestartableTandem(): Promise<RestartableTandem> {
  const port = await freeLoopbackPort();
  const sipPort = await freeLoopbackPort();
  const sip = {
    udp: sipPort,
    tls: await freeLoopbackPort(),
    ws: await freeLoopbackPort(),
    wss: await freeLoopbackPort(),
  };
  const media = await freePortRange(100);
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-desktop-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TANDEM_'))),
    TANDEM_HTTP_HOST: '127.0.0.1',
    TANDEM_HTTP_PORT: String(port),
    TANDEM_DATA_DIR: dataDir,
    TANDEM_LOG_LEVEL: 'warn',
    TANDEM_SIP_UDP_PORT: String(sip.udp),
    TANDEM_SIP_TCP_PORT: String(sip.udp),
    TANDEM_SIP_TLS_PORT: String(sip.tls),
    TANDEM_SIP_WS_PORT: String(sip.ws),
    TANDEM_SIP_WSS_PORT: String(sip.wss),
    TANDEM_MEDIA_RTPENGINE_NG_PORT: String(media.ngPort),
    TANDEM_MEDIA_RTPENGINE_PORT_MIN: String(media.portMin),
    TANDEM_MEDIA_RTPENGINE_PORT_MAX: String(media.portMax),
  };
  let output = '';
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const healthy = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child?.exitCode !== null) throw new Error(`Tandem exited while starting:\n${output}`);
      const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) return;
      await delay(100);
    }
    throw new Error(`Tandem was not healthy within ${timeoutMs} ms:\n${output}`);
  };

  const start = async () => {
    const started = spawn(process.execPath, [serverEntry], {
      cwd: dataDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    const collect = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT));
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    await healthy(20_000);
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const clean = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
    if (!clean) {
      running.kill('SIGKILL');
      await exited;
      throw new Error(`Tandem did not stop within 10 s of SIGTERM:\n${output}`);
    }
  };

  await start();
  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    dataDir,
    sip,
    media,
    output: () => output,
    async restart(options = {}) {
      await stop();
      await delay(options.downForMs ?? 1_000);
      await start();
    },
    close() {
      closing ??= (async () => {
        try {
          await stop();
        } finally {
          process.off('exit', killOnExit);
          await rm(dataDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}
