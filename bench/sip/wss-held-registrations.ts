/**
 * Part B: one Tandem holding `total` registrations, each over its own secure WebSocket. Measures the time
 * to register them all (at most `concurrency` under way), the server's resident memory before and after
 * (per registration), and checks with GET /metrics that the server holds every binding and connection,
 * and that it drops them when the connections close.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CpuWindow, type CpuUse } from '../support/cpu-window.js';
import { LOOPBACK } from '../support/loopback-ports.js';
import { openFilesLimit, residentBytes } from '../support/proc-stats.js';
import { seedBenchAgents } from './bench-agents.js';
import { tandemDefaults } from './registrars-under-test.js';
import { startTandem, type TandemProcess } from './tandem-process.js';
import { registerOverWss } from './wss-register-client.js';

export interface WssMeasurementOptions {
  readonly workDir: string;
  readonly total: number;
  readonly concurrency: number;
}

export interface MemorySample {
  readonly residentBytes: number;
  readonly heapUsedBytes: number;
}

export interface WssFigures {
  readonly total: number;
  readonly agents: number;
  readonly contactsPerAgent: number;
  readonly registered: number;
  readonly failures: number;
  readonly failureSamples: readonly string[];
  readonly elapsedMs: number;
  readonly before: MemorySample;
  readonly after: MemorySample;
  readonly bindingsHeld: number;
  readonly connectionsHeld: number;
  readonly bindingsAfterClose: number;
  readonly cpu: CpuUse;
}

/** The registrar's ceiling on bindings per AOR (config schema maximum). */
const contactsPerAgent = 100;

export async function measureHeldWssRegistrations(
  options: WssMeasurementOptions,
  say: (line: string) => void,
): Promise<WssFigures> {
  const neededFiles = options.total + 256;
  if (openFilesLimit() < neededFiles) {
    throw new Error(`${options.total} connections need ${neededFiles} open files: raise \`ulimit -n\``);
  }
  const agents = Math.ceil(options.total / contactsPerAgent);
  const dataDir = await mkdtemp(join(options.workDir, 'tandem-wss-'));
  say(`Tandem WSS: seeding ${agents} agents (password hashing takes a few seconds)`);
  const accounts = seedBenchAgents(dataDir, tandemDefaults.realm, agents);
  const connectionLimit = String(Math.max(20_000, options.total + 1_000));
  const tandem = await startTandem({
    dataDir,
    listeners: { wss: true },
    env: {
      TANDEM_SIP_REGISTRAR_MAX_CONTACTS_PER_AOR: String(contactsPerAgent),
      TANDEM_SIP_LIMITS_MAX_CONNECTIONS: connectionLimit,
      TANDEM_SIP_LIMITS_MAX_CONNECTIONS_PER_SOURCE: connectionLimit,
    },
  });
  try {
    await settle();
    const before = await memory(tandem);
    say(`Tandem WSS: registering ${options.total}, ${options.concurrency} at a time`);
    const window = new CpuWindow({ server: tandem.pid, client: process.pid });
    const held = await registerOverWss({
      url: `wss://${LOOPBACK}:${tandem.wssPort}`,
      accounts,
      total: options.total,
      concurrency: options.concurrency,
      timeoutMs: 60_000,
    });
    const cpu = window.close();
    try {
      await settle();
      const after = await memory(tandem);
      const metrics = await tandem.metrics();
      held.closeAll();
      const bindingsAfterClose = await waitForBindings(tandem, 0);
      return {
        total: options.total,
        agents,
        contactsPerAgent,
        registered: held.sockets.length,
        failures: held.failures,
        failureSamples: held.failureSamples,
        elapsedMs: held.elapsedMs,
        before,
        after,
        bindingsHeld: metrics.get('tandem_sip_bindings') ?? NaN,
        connectionsHeld: metrics.get('tandem_sip_connections') ?? NaN,
        bindingsAfterClose,
        cpu,
      };
    } finally {
      held.closeAll();
    }
  } finally {
    await tandem.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A moment for the server to finish what is under way, so memory is read at rest. */
function settle(ms = 2_000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function memory(tandem: TandemProcess): Promise<MemorySample> {
  const metrics = await tandem.metrics();
  return {
    residentBytes: residentBytes(tandem.pid) ?? NaN,
    heapUsedBytes: metrics.get('tandem_nodejs_heap_size_used_bytes') ?? NaN,
  };
}

/** Polls the binding count until it reaches `expected` or 10 s pass; returns the last count. */
async function waitForBindings(tandem: TandemProcess, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let bindings = NaN;
  while (Date.now() < deadline) {
    bindings = (await tandem.metrics()).get('tandem_sip_bindings') ?? NaN;
    if (bindings === expected) break;
    await settle(200);
  }
  return bindings;
}
