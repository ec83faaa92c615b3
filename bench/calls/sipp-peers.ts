/**
 * The two SIPp 3.6 peers of a measurement, over UDP on 127.0.0.1: the agents' phones (a UAS answering
 * every INVITE, with SDP pointing at our RTP echo, agent-echo.ts) and the trunk (a UAC placing calls at a
 * rate, each held for a while). Both log the time of each INVITE (-trace_logs) for the wire setup latency;
 * the trunk also logs each answer with rtpengine's port from its SDP, which is read while the run goes on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, startProcess, type StartedProcess } from '../support/child-processes.js';
import { freeUdpPort, LOOPBACK } from '../support/loopback-ports.js';
import { readSippStatistics, type SippLoadResult } from '../sip/sipp-register-load.js';
import { repoRoot } from '../sip/tandem-process.js';
import { LogTail } from './sipp-log-tail.js';

const callerScenario = fileURLToPath(new URL('./trunk-caller.xml', import.meta.url));
const phonesScenario = fileURLToPath(new URL('./agent-phones.xml', import.meta.url));
const echoScript = fileURLToPath(new URL('./agent-echo.ts', import.meta.url));

export interface AgentPhones {
  readonly process: StartedProcess;
  readonly echo: StartedProcess;
  readonly port: number;
  readonly mediaPort: number;
  /** Stops the phones and their echo, and says how many RTP packets the echo sent back. */
  stopAndCountEchoes(): Promise<number>;
  /** Per caller (c<n>), when its INVITE reached the phones, in µs since the epoch. */
  inviteTimes(): Map<string, number>;
}

export async function startAgentPhones(workDir: string): Promise<AgentPhones> {
  const echo = startProcess(process.execPath, ['--import', 'tsx', echoScript], { cwd: repoRoot });
  const mediaPort = await echoPort(echo);
  const port = await freeUdpPort();
  const sipp = startProcess(
    'sipp',
    [
      ...['-sf', phonesScenario, '-i', LOOPBACK, '-p', String(port), '-t', 'u1'],
      ...['-key', 'echo_port', String(mediaPort), '-trace_logs', '-trace_err'],
    ],
    { cwd: workDir },
  );
  try {
    await waitForFile(workDir, sipp, '_logs.log');
  } catch (error) {
    await echo.stop();
    throw error;
  }
  return {
    process: sipp,
    echo,
    port,
    mediaPort,
    async stopAndCountEchoes() {
      await sipp.stop();
      await echo.stop();
      const counted = /echoed (\d+)/.exec(echo.output());
      if (!counted) throw new Error(`the agents' RTP echo did not report:\n${echo.output()}`);
      return Number(counted[1]);
    },
    inviteTimes: () => loggedTimes(traceFile(workDir, sipp.pid, '_logs.log'), 'invite-received'),
  };
}

async function echoPort(echo: StartedProcess): Promise<number> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const bound = /port (\d+)/.exec(echo.output());
    if (bound) return Number(bound[1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await echo.stop();
  throw new Error(`the agents' RTP echo did not start:\n${echo.output()}`);
}

export interface TrunkCallsOptions {
  readonly workDir: string;
  readonly tandemPort: number;
  /** Where callers' RTP goes (the benchmark's caller-side endpoint). */
  readonly callerMediaPort: number;
  readonly callsPerSecond: number;
  readonly calls: number;
  readonly holdMs: number;
  readonly timeoutSeconds: number;
  /** Told of each answer as SIPp logs it: the caller (c<n>), rtpengine's port for it, when (ms since the epoch). */
  readonly onAnswered: (caller: string, rtpenginePort: number, answeredAtMs: number) => void;
}

export interface TrunkCalls {
  readonly process: StartedProcess;
  readonly finished: Promise<SippLoadResult>;
  /** Per caller (c<n>), when its INVITE left SIPp, in µs since the epoch. */
  inviteTimes(): Map<string, number>;
}

export async function startTrunkCalls(options: TrunkCallsOptions): Promise<TrunkCalls> {
  const localPort = await freeUdpPort();
  const statFile = join(options.workDir, `trunk-${localPort}-stats.csv`);
  const errorFile = join(options.workDir, `trunk-${localPort}-errors.log`);
  const sipp = startProcess(
    'sipp',
    [
      ...['-sf', callerScenario, '-i', LOOPBACK, '-p', String(localPort), '-t', 'u1'],
      ...['-key', 'caller_media_port', String(options.callerMediaPort), '-d', String(options.holdMs)],
      ...['-r', String(options.callsPerSecond), '-rp', '1000', '-m', String(options.calls)],
      ...['-timeout', `${options.timeoutSeconds}s`, '-recv_timeout', '20000'],
      ...['-trace_stat', '-stf', statFile, '-fd', '1', '-trace_logs'],
      ...['-trace_err', '-error_file', errorFile],
      `${LOOPBACK}:${options.tandemPort}`,
    ],
    { cwd: options.workDir },
  );
  const answers = new LogTail(join(options.workDir, `trunk-caller_${sipp.pid}_logs.log`), (line) => {
    const answer = /^answered (c\d+) m=audio (\d+) (\d+)(?:\.0+)? (\d+)(?:\.0+)?$/.exec(line);
    if (answer)
      options.onAnswered(answer[1]!, Number(answer[2]), Number(answer[3]) * 1e3 + Number(answer[4]) / 1e3);
  });
  const finished = sipp.exited.then((exit) => {
    answers.close();
    // 0: every call succeeded; 1: some failed. Anything else means SIPp could not do the run.
    if ((exit.code !== 0 && exit.code !== 1) || !existsSync(statFile)) {
      throw new Error(`trunk SIPp ${describeExit(exit)}.\n--- output ---\n${sipp.output().slice(-4000)}`);
    }
    return readSippStatistics(statFile);
  });
  return {
    process: sipp,
    finished,
    inviteTimes: () => loggedTimes(traceFile(options.workDir, sipp.pid, '_logs.log'), 'invite-sent'),
  };
}

/** The first lines of the trunk's error log, for a report of failed calls. */
export function sippErrors(workDir: string, limit = 2_000): string {
  const file = readdirSync(workDir).find((name) => /^trunk-\d+-errors\.log$/.test(name));
  return file ? readFileSync(join(workDir, file), 'utf8').slice(0, limit) : '';
}

/** SIPp names its trace files <scenario file>_<pid><suffix> in its working directory. */
function traceFile(workDir: string, pid: number, suffix: string): string {
  const name = readdirSync(workDir).find((file) => file.endsWith(`_${pid}${suffix}`));
  if (!name) throw new Error(`SIPp ${pid} wrote no *${suffix} in ${workDir}`);
  return join(workDir, name);
}

/** SIPp logs its variables as doubles: `invite-sent c12 1795557126.000000 582484.000000`. */
function loggedTimes(file: string, event: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const match of readFileSync(file, 'utf8').matchAll(
    new RegExp(`^${event} (c\\d+) (\\d+)(?:\\.0+)? (\\d+)(?:\\.0+)?$`, 'gm'),
  )) {
    times.set(match[1]!, Number(match[2]) * 1e6 + Number(match[3]));
  }
  return times;
}

async function waitForFile(workDir: string, sipp: StartedProcess, suffix: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let gone = false;
  void sipp.exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    if (readdirSync(workDir).some((file) => file.endsWith(`_${sipp.pid}${suffix}`))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the agents' SIPp did not start.\n--- output ---\n${sipp.output().slice(-3000)}`);
}
