/**
 * One measurement: a fresh Tandem with as many agents as the peak needs, all registered on the agents'
 * SIPp; the trunk's SIPp places `rate` calls per second for `generateSeconds`, each held `holdSeconds`;
 * every answered call streams RTP both ways through rtpengine. CPU is measured over the plateau, when the
 * call rate and the number of calls in progress are both at their target.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CpuWindow, type CpuUse } from '../support/cpu-window.js';
import { residentBytes } from '../support/proc-stats.js';
import { registerAgents } from './agent-registrations.js';
import { prepareDataDir, type AgentTemplate } from './call-agents.js';
import { CallerRtp, LATE_MS } from './caller-rtp.js';
import { fetchSamples, type Sample } from './metrics-text.js';
import { rtpengineSessions } from './rtpengine-sessions.js';
import { startAgentPhones, startTrunkCalls, sippErrors } from './sipp-peers.js';
import { summarise, type StepFigures } from './step-figures.js';
import type { TandemProcess } from '../sip/tandem-process.js';
import { startTandemForCalls } from './tandem-for-calls.js';
import { SocketDropWatch, udpCounters, udpDelta } from './udp-counters.js';

export interface StepPlan {
  readonly rate: number;
  readonly holdSeconds: number;
  /** How long calls are placed; the plateau is the part after the first hold time. */
  readonly generateSeconds: number;
}

/** Calls in progress at the plateau. */
export function peakCalls(plan: StepPlan): number {
  return Math.ceil(plan.rate * plan.holdSeconds);
}

/**
 * Agents seeded for a step: the peak plus a quarter, so that calls whose BYE Tandem handles late (their
 * agent still busy) do not make later calls fail for want of an agent.
 */
export function agentsFor(plan: StepPlan): number {
  return Math.ceil(peakCalls(plan) * 1.25) + 10;
}

/** The caller stops streaming this long before its BYE, so that no packet is in flight at hang-up. */
const STREAM_MARGIN_MS = 2_000;

export async function runCallStep(
  plan: StepPlan,
  template: AgentTemplate,
  workDir: string,
  say: (line: string) => void,
  /** Where Tandem writes a CPU profile of the step (node --cpu-prof), if anywhere. */
  profileDir?: string,
): Promise<StepFigures> {
  const dir = await mkdtemp(join(workDir, `step-${plan.rate}-`));
  const stops: (() => Promise<unknown> | void)[] = [];
  try {
    const agents = prepareDataDir(template, dir, agentsFor(plan));
    const { tandem, rtpenginePid, ngPort, mediaPorts } = await startTandemForCalls(
      dir,
      peakCalls(plan),
      profileDir,
    );
    stops.push(() => tandem.stop());
    const phones = await startAgentPhones(dir);
    stops.push(() => Promise.all([phones.process.stop(), phones.echo.stop()]));
    const registeredAt = Date.now();
    await registerAgents({ registrarPort: tandem.udpPort, accounts: agents, phonePort: phones.port });
    say(`  ${agents.length} agents registered in ${((Date.now() - registeredAt) / 1000).toFixed(1)} s`);
    const rtp = await CallerRtp.open();
    stops.push(() => rtp.close());
    const holdMs = plan.holdSeconds * 1000;
    let lateAnswers = 0;

    const before: Sample[] = await fetchSamples(tandem.httpUrl);
    const udpBefore = udpCounters();
    const drops = new SocketDropWatch();
    const benchCpuBefore = process.cpuUsage();
    const calls = Math.round(plan.rate * plan.generateSeconds);
    const trunk = await startTrunkCalls({
      workDir: dir,
      tandemPort: tandem.udpPort,
      callerMediaPort: rtp.port,
      callsPerSecond: plan.rate,
      calls,
      holdMs,
      timeoutSeconds: plan.generateSeconds + plan.holdSeconds + 60,
      onAnswered(caller, rtpenginePort, answeredAtMs) {
        // The caller hangs up `holdMs` after its ACK, which follows the answer at once.
        const streamMs = answeredAtMs + holdMs - STREAM_MARGIN_MS - LATE_MS - Date.now();
        if (streamMs >= 1_000) rtp.start(caller, rtpenginePort, streamMs);
        else lateAnswers++;
      },
    });
    stops.push(() => trunk.process.stop());
    const startedAt = Date.now();
    const peaks = { calls: 0, sessions: 0, tandemRss: 0, rtpengineRss: 0, eventLoopLagMs: 0 };
    const plateau: { window: CpuWindow | null; cpu: CpuUse | null } = { window: null, cpu: null };
    const sampler = setInterval(() => {
      const elapsed = (Date.now() - startedAt) / 1000;
      if (!plateau.window && elapsed >= plan.holdSeconds) {
        plateau.window = new CpuWindow({
          tandem: tandem.pid,
          rtpengine: rtpenginePid,
          trunk: trunk.process.pid,
          phones: phones.process.pid,
        });
      }
      if (plateau.window && !plateau.cpu && elapsed >= plan.generateSeconds) {
        plateau.cpu = plateau.window.close();
      }
      drops.sample();
      peaks.tandemRss = Math.max(peaks.tandemRss, residentBytes(tandem.pid) ?? 0);
      peaks.rtpengineRss = Math.max(peaks.rtpengineRss, residentBytes(rtpenginePid) ?? 0);
      void tandem.metrics().then(
        (samples) => {
          peaks.calls = Math.max(peaks.calls, samples.get('tandem_calls_active') ?? 0);
          peaks.sessions = Math.max(peaks.sessions, samples.get('tandem_media_sessions') ?? 0);
          // prom-client's event loop delay, reset at each scrape: the worst delay of the last second.
          const lag = (samples.get('tandem_nodejs_eventloop_lag_max_seconds') ?? 0) * 1000;
          peaks.eventLoopLagMs = Math.max(peaks.eventLoopLagMs, lag);
        },
        () => undefined,
      );
    }, 1_000);
    stops.push(() => clearInterval(sampler));
    say(`  ${calls} calls at ${plan.rate}/s, held ${plan.holdSeconds} s`);
    const sipp = await trunk.finished;
    clearInterval(sampler);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const benchSeconds = (Date.now() - startedAt) / 1000;
    // Streams of the last calls are finished by now; a few ms more for the last echoes.
    await new Promise((resolve) => setTimeout(resolve, LATE_MS));
    const after = await fetchSamples(tandem.httpUrl);
    const udp = udpDelta(udpBefore, udpCounters());
    drops.sample();
    rtp.finishAll();
    const socketDrops = drops.totals((port) => {
      if (port === rtp.port) return 'caller endpoint';
      if (port === phones.mediaPort) return 'agents echo';
      if (port >= mediaPorts.min && port <= mediaPorts.max) return 'rtpengine';
      if (port === ngPort) return 'rtpengine ng';
      if (port === tandem.udpPort) return 'Tandem SIP';
      return port === phones.port ? 'agents SIPp' : null;
    });
    // Calls Tandem still holds (a backlog, calls the trunk gave up on) get 30 s to end before the count.
    for (let waited = 0; waited < 30_000 && (await callsInProgress(tandem)) > 0; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const leftover = await rtpengineSessions(ngPort);
    const echoed = await phones.stopAndCountEchoes();
    return summarise({
      plan,
      calls,
      agents: agents.length,
      sipp,
      sippErrors: sipp.failedCalls > 0 ? sippErrors(dir) : '',
      metrics: { before, after },
      rtp,
      echoed,
      udp,
      socketDrops,
      peaks,
      lateAnswers,
      leftoverSessions: leftover,
      cpu: plateau.cpu ?? plateau.window?.close() ?? null,
      benchCores: (benchCpu.user + benchCpu.system) / 1e6 / benchSeconds,
      wire: { sent: trunk.inviteTimes(), received: phones.inviteTimes() },
    });
  } finally {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        say(`  stopping: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}

async function callsInProgress(tandem: TandemProcess): Promise<number> {
  return (await tandem.metrics()).get('tandem_calls_active') ?? 0;
}
