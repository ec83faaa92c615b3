/**
 * `npm run bench:calls` (after bench-calls.mjs has installed what is missing): calls through Tandem's B2BUA
 * with media anchored in rtpengine (issue 4). SIPp places calls from the demo trunk to the support queue;
 * Tandem hunts an idle agent and calls the agent's phone (a second SIPp), bridging G.711 through its
 * rtpengine; RTP flows both ways for the whole call. Call rates go up step by step (each step on a fresh
 * server) until a step fails: a call not completed, or RTP loss of 0.5% or more.
 *
 *   npm run bench:calls -- [--rates 25,50,75,100] [--hold 10] [--plateau 10] [--skip-build] [--all]
 *                          [--profile <dir>]
 *
 * --all goes on after a failed step; --profile runs Tandem with `node --cpu-prof`, keeps one profile per
 * step in <dir> and prints the functions with the most self time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuModel } from '../support/proc-stats.js';
import { ensureServerBuild } from '../support/server-build.js';
import { formatNumber } from '../support/text-table.js';
import { tandemDefaults } from '../sip/registrars-under-test.js';
import { repoRoot } from '../sip/tandem-process.js';
import { seedCallAgents } from './call-agents.js';
import { topSelfTime } from './cpu-profile-summary.js';
import { agentsFor, peakCalls, runCallStep, type StepPlan } from './call-step.js';
import { callsTable, failureNotes, tandemCores } from './calls-report.js';
import type { StepFigures } from './step-figures.js';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '25,50,75,100' },
    hold: { type: 'string', default: '10' },
    plateau: { type: 'string', default: '10' },
    'skip-build': { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});

const TARGETS = { rate: 100, concurrent: 500, setupP50Ms: 5 };

function say(line: string): void {
  process.stdout.write(`[bench:calls] ${line}\n`);
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`--${name} must be a positive number`);
  return value;
}

function requireCommand(command: string, versionFlag: string): void {
  if (spawnSync(command, [versionFlag], { stdio: 'ignore' }).error) {
    throw new Error(`${command} is not installed: run \`node scripts/bootstrap.mjs bench\``);
  }
}

function plans(): StepPlan[] {
  const holdSeconds = positive('hold', args.hold);
  const plateau = positive('plateau', args.plateau);
  if (holdSeconds < 4)
    throw new TypeError('--hold must be at least 4 s (the RTP stream stops 2.5 s before the BYE)');
  const steps = args.rates
    .split(',')
    .map((rate) => ({ rate: positive('rates', rate), holdSeconds, generateSeconds: holdSeconds + plateau }))
    .sort((a, b) => a.rate - b.rate);
  return steps;
}

function conclusion(steps: readonly StepFigures[]): string[] {
  const passed = steps.filter((step) => step.passed);
  const best = passed.at(-1);
  const firstFailure = steps.find((step) => !step.passed);
  const lines = [
    best
      ? `Highest step passed: ${best.plan.rate} calls/s, ${best.peakCalls} calls in progress at the peak` +
        ` (Tandem ${formatNumber(tandemCores(best), 2)} cores).`
      : 'No step passed.',
  ];
  if (firstFailure)
    lines.push(`First step failed: ${firstFailure.plan.rate} calls/s (${firstFailure.why.join('; ')}).`);
  const rateMet = passed.some((step) => step.plan.rate >= TARGETS.rate);
  const concurrentMet = passed.some((step) => step.peakCalls >= TARGETS.concurrent);
  const at = passed.find((step) => step.plan.rate >= TARGETS.rate) ?? best;
  const setup = (label: string, p50: number | undefined) =>
    p50 === undefined
      ? `${label} n/a`
      : `${label} ${formatNumber(p50, 2)} ms (${p50 < TARGETS.setupP50Ms ? 'met' : 'NOT met'})`;
  lines.push(
    `Targets: ${TARGETS.rate} call setups/s ${rateMet ? 'met' : 'NOT met'};` +
      ` ${TARGETS.concurrent} concurrent media-anchored calls ${concurrentMet ? 'met' : 'NOT met'};` +
      ` setup p50 < ${TARGETS.setupP50Ms} ms` +
      (at ? ` at ${at.plan.rate}/s: ` : ': ') +
      `${setup("Tandem's histogram", at?.setup.p50.value)}, ${setup('on the wire', at?.wireMs.p50)}.`,
  );
  return lines;
}

function reportProfile(dir: string): void {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    say(`  Tandem CPU profile ${join(dir, file)}, self time:`);
    for (const line of topSelfTime(join(dir, file), repoRoot)) say(`    ${line}`);
  }
}

async function main(): Promise<void> {
  const steps = plans();
  say(
    `machine: ${availableParallelism()} CPUs (${cpuModel()}), ${Math.round(totalmem() / 2 ** 30)} GB,` +
      ` load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}, Node ${process.version}`,
  );
  if (!args['skip-build']) ensureServerBuild(repoRoot, say);
  requireCommand('sipp', '-v');
  requireCommand('rtpengine', '--version');
  const workDir = await mkdtemp(join(tmpdir(), 'tandem-bench-calls-'));
  const results: StepFigures[] = [];
  try {
    const agents = Math.max(...steps.map(agentsFor));
    say(
      `seeding ${agents} agents with skill english (password hashing: about ${Math.ceil(agents * 0.035)} s)`,
    );
    const templateDir = await mkdtemp(join(workDir, 'agents-'));
    const template = seedCallAgents(templateDir, tandemDefaults.realm, agents);
    for (const plan of steps) {
      say(
        `step ${plan.rate} calls/s, hold ${plan.holdSeconds} s: ${peakCalls(plan)} calls in progress at the peak`,
      );
      const profileDir = args.profile ? resolve(args.profile, `${plan.rate}-per-second`) : undefined;
      const figures = await runCallStep(plan, template, workDir, say, profileDir);
      if (profileDir) reportProfile(profileDir);
      results.push(figures);
      say(`  ${figures.passed ? 'passed' : `failed: ${figures.why.join('; ')}`}`);
      if (!figures.passed && !args.all) break;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  process.stdout.write(
    [
      '',
      `Calls through the B2BUA, ${when} UTC: ${availableParallelism()} CPUs (${cpuModel()}), Node ${process.version}`,
      'SIPp trunk -> Tandem (UDP, B2BUA, rtpengine) -> SIPp agents; PCMA 50 packets/s each way per call',
      '',
      callsTable(results),
      '',
      ...conclusion(results),
      ...failureNotes(results),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:calls] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
