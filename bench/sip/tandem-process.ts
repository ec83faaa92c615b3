/**
 * The built Tandem server (dist/server/main.js) as a child process, configured only through TANDEM_*
 * variables, on free ports of 127.0.0.1, in a data directory the caller owns (so that agents can be seeded
 * into it beforehand). Only the SIP listeners a measurement uses are enabled.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, startProcess, type StartedProcess } from '../support/child-processes.js';
import { freeTcpPort, freeUdpAndTcpPort, LOOPBACK } from '../support/loopback-ports.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const serverEntry = join(repoRoot, 'dist', 'server', 'main.js');

export interface TandemOptions {
  readonly dataDir: string;
  readonly listeners: { readonly udp?: boolean; readonly wss?: boolean };
  /** More configuration, e.g. raised registrar or connection limits. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface TandemProcess {
  readonly process: StartedProcess;
  readonly pid: number;
  readonly httpUrl: string;
  /** 0 for a listener that is not enabled. */
  readonly udpPort: number;
  readonly wssPort: number;
  /** The samples of GET /metrics, by metric name (labels dropped). */
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

/**
 * The load comes from 127.0.0.1, so without this the per-source rate limit (200 requests/s by default) and
 * the failed-authentication lockout would throttle it: a benchmark of the registrar, not of its protection.
 * Kamailio's minimal configuration has no rate limit either.
 */
export const trustedLoopback = { TANDEM_SIP_PROTECTION_TRUSTED_SOURCES: JSON.stringify([LOOPBACK]) };

export async function startTandem(options: TandemOptions): Promise<TandemProcess> {
  const httpPort = await freeTcpPort();
  const udpPort = options.listeners.udp ? await freeUdpAndTcpPort() : 0;
  const wssPort = options.listeners.wss ? await freeTcpPort() : 0;
  const httpUrl = `http://${LOOPBACK}:${httpPort}`;
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('TANDEM_'));
  const env = {
    ...Object.fromEntries(inherited),
    TANDEM_HTTP_HOST: LOOPBACK,
    TANDEM_HTTP_PORT: String(httpPort),
    TANDEM_DATA_DIR: options.dataDir,
    TANDEM_LOG_LEVEL: 'warn',
    ...listenerEnv('UDP', udpPort),
    ...listenerEnv('TCP', udpPort),
    ...listenerEnv('TLS', 0),
    ...listenerEnv('WS', 0),
    ...listenerEnv('WSS', wssPort),
    ...trustedLoopback,
    ...options.env,
  };
  // The data directory is the working directory, so no ./tandem.yaml of the developer is read.
  const server = startProcess(process.execPath, [serverEntry], { cwd: options.dataDir, env });
  try {
    await waitUntilHealthy(`${httpUrl}/healthz`, server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    process: server,
    pid: server.pid,
    httpUrl,
    udpPort,
    wssPort,
    metrics: () => readMetrics(`${httpUrl}/metrics`),
    async stop() {
      const exit = await server.stop(10_000);
      if (exit.code !== 0) {
        throw new Error(`Tandem ${describeExit(exit)} when stopped.\n--- output ---\n${server.output()}`);
      }
    },
  };
}

function listenerEnv(protocol: string, port: number): Record<string, string> {
  return port > 0
    ? { [`TANDEM_SIP_${protocol}_ENABLED`]: 'true', [`TANDEM_SIP_${protocol}_PORT`]: String(port) }
    : { [`TANDEM_SIP_${protocol}_ENABLED`]: 'false' };
}

async function waitUntilHealthy(url: string, server: StartedProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  let last = 'no answer yet';
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Tandem did not become healthy on ${url} (${last}).\n--- output ---\n${server.output()}`);
}

async function readMetrics(url: string): Promise<Map<string, number>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && !samples.has(match[1]!)) samples.set(match[1]!, Number(match[3]));
  }
  return samples;
}
