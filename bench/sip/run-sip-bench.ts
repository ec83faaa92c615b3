/**
 * `npm run bench:sip` (after bench-sip.mjs has installed what is missing): the SIP registrar benchmark of
 * issue 3. Part A compares authenticated REGISTER over UDP between Tandem and Kamailio with the same SIPp
 * scenario in the same run; part B holds 10,000 registrations over secure WebSocket in one Tandem.
 *
 *   npm run bench:sip -- [--only udp|wss] [--skip-build] [--target-rate 5000] [--seconds 8]
 *                        [--capacity-calls 60000] [--in-flight 100] [--probe-rate 200]
 *                        [--kamailio-children 2] [--wss-registrations 10000] [--wss-concurrency 200]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuModel } from '../support/proc-stats.js';
import { ensureServerBuild } from '../support/server-build.js';
import { kamailioRegistrar, tandemRegistrar } from './registrars-under-test.js';
import { udpReport, wssReport } from './sip-bench-report.js';
import { repoRoot } from './tandem-process.js';
import { measureRegistrar } from './udp-register-measurements.js';
import { measureHeldWssRegistrations } from './wss-held-registrations.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    'target-rate': { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '8' },
    'capacity-calls': { type: 'string', default: '60000' },
    'in-flight': { type: 'string', default: '100' },
    'probe-rate': { type: 'string', default: '200' },
    'kamailio-children': { type: 'string', default: '2' },
    'wss-registrations': { type: 'string', default: '10000' },
    'wss-concurrency': { type: 'string', default: '200' },
  },
});

function positiveInteger(name: keyof typeof args): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`--${name} must be a positive integer`);
  return value;
}

function say(line: string): void {
  process.stdout.write(`[bench:sip] ${line}\n`);
}

function requireCommand(command: string, versionFlag: string): void {
  if (spawnSync(command, [versionFlag], { stdio: 'ignore' }).error) {
    throw new Error(`${command} is not installed: run \`node scripts/bootstrap.mjs bench\``);
  }
}

async function main(): Promise<void> {
  const only = args.only;
  if (only !== undefined && only !== 'udp' && only !== 'wss') throw new TypeError('--only is udp or wss');
  const kamailioChildren = positiveInteger('kamailio-children');
  const offeredRate = positiveInteger('target-rate');
  say(
    `machine: ${availableParallelism()} CPUs (${cpuModel()}), load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}, Node ${process.version}`,
  );
  if (!args['skip-build']) ensureServerBuild(repoRoot, say);
  requireCommand('sipp', '-v');
  requireCommand('kamailio', '-v');

  const workDir = await mkdtemp(join(tmpdir(), 'tandem-bench-sip-'));
  const reports: string[] = [
    `SIP registrar benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC:` +
      ` ${availableParallelism()} CPUs (${cpuModel()}), Node ${process.version}`,
    '',
  ];
  try {
    if (only !== 'wss') {
      const options = {
        workDir,
        capacityCalls: positiveInteger('capacity-calls'),
        inFlight: positiveInteger('in-flight'),
        targetRate: offeredRate,
        targetSeconds: positiveInteger('seconds'),
        probesPerSecond: positiveInteger('probe-rate'),
      };
      const tandem = await measureRegistrar(tandemRegistrar(workDir), options, say);
      const kamailio = await measureRegistrar(kamailioRegistrar(workDir, kamailioChildren), options, say);
      reports.push(
        'A. REGISTER with digest (MD5, qop=auth) over UDP on 127.0.0.1: SIPp -> registrar',
        `   Tandem trusts 127.0.0.1 (no per-source rate limit or lockout, as Kamailio's minimal config);` +
          ` Kamailio with children=${kamailioChildren} UDP workers.`,
        `   SIPp uses one of the ${availableParallelism()} CPUs; the probe is a client of ours timing` +
          ` ${options.probesPerSecond} extra registrations/s with a monotonic clock.`,
        '',
        udpReport(tandem, kamailio, offeredRate, {
          registrationsPerSecond: 5_000,
          p99Ms: 10,
          ratioToKamailio: 0.5,
        }),
        '',
      );
    }
    if (only !== 'udp') {
      const figures = await measureHeldWssRegistrations(
        {
          workDir,
          total: positiveInteger('wss-registrations'),
          concurrency: positiveInteger('wss-concurrency'),
        },
        say,
      );
      reports.push(
        `B. ${figures.total.toLocaleString('en-US')} registrations held over secure WebSocket by one Tandem` +
          ` (one connection each, ${args['wss-concurrency']} registering at a time)`,
        '',
        wssReport(figures),
        '',
      );
      if (figures.failureSamples.length > 0) reports.push(`failures: ${figures.failureSamples.join('; ')}`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${reports.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:sip] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
