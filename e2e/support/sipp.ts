/**
 * Runs SIPp (Debian's `sip-tester`, /usr/bin/sipp) against a Tandem server on 127.0.0.1, bounded in time,
 * and reports what happened: exit code, output, SIPp's own statistics and, on request, its message and error
 * traces.
 *
 *   const result = await runSipp({ scenario: 'register-digest.xml', port: tandem.sip.udp, transport: 'udp',
 *     service: 'alice', auth: { username: 'alice', password: 'demo' } });
 *   expect(result.exitCode, describeSipp(result)).toBe(0);
 *
 * SIPp's exit codes: 0 every call succeeded, 1 at least one failed, 97 stopped by an internal command, 99 no
 * call processed, 255 (-1) a fatal error, such as the global timeout with -timeout_error, 254 (-2) a socket it
 * could not bind.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { freeLoopbackPort } from './free-port.js';
import { repoRoot } from './tandem-server.js';

export const sippBinary = '/usr/bin/sipp';
export const scenarioDir = join(repoRoot, 'e2e', 'sipp');

export interface SippOptions {
  /** A file name in e2e/sipp/, or an absolute path. */
  readonly scenario: string;
  /** The server's SIP port on 127.0.0.1. */
  readonly port: number;
  /** `-t u1` (one UDP socket) or `-t t1` (one TCP connection). */
  readonly transport: 'udp' | 'tcp';
  /** `-m`: calls to make before SIPp exits. Default 1. */
  readonly calls?: number;
  /** `-r`: new calls per second. SIPp's default is 10. */
  readonly rate?: number;
  /** `-l`: calls in progress at most. */
  readonly concurrency?: number;
  /** `-s`: the user part of the Request-URI, `[service]` in scenarios. */
  readonly service?: string;
  /** `-au` / `-ap`: answers to digest challenges (`[authentication]`). */
  readonly auth?: { readonly username: string; readonly password: string };
  /**
   * SIPp's global timeout (`-timeout`, with `-timeout_error` so that reaching it is a failure). SIPp is killed
   * if it is still running 5 s later. Default 15 s.
   */
  readonly timeoutMs?: number;
  /** `-recv_timeout`: a call waiting longer than this for a message fails. */
  readonly recvTimeoutMs?: number;
  /**
   * `-default_behaviors`. Default `all,-bye`: an unexpected message fails the call, but no BYE is sent for
   * aborted calls (these scenarios make no dialogs).
   */
  readonly defaultBehaviors?: string;
  /** Keep every message sent and received (`-trace_msg`) in `result.messages`. */
  readonly traceMessages?: boolean;
  /** `-p`: SIPp's own port, for scenarios where it is called (uas). Default: a free one. */
  readonly localPort?: number;
  readonly extraArgs?: readonly string[];
}

export interface SippResult {
  readonly command: string;
  /** null when SIPp was killed (see `timedOut`). */
  readonly exitCode: number | null;
  /** SIPp was still running after its own timeout and was killed. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Unexpected messages and other events (`-trace_err`). */
  readonly errors: string;
  /** Every message sent and received, with `traceMessages`. */
  readonly messages: string;
  /** SIPp's cumulative counters (`-trace_stat`), e.g. `SuccessfulCall(C)`; empty if none were written. */
  readonly stats: Readonly<Record<string, string>>;
  /** `SuccessfulCall(C)` and `FailedCall(C)` as numbers (NaN when unknown). */
  readonly successfulCalls: number;
  readonly failedCalls: number;
}

const outputLimit = 256 * 1024;
/** How long SIPp gets past its own global timeout before it is killed. */
const killGraceMs = 5_000;

export async function runSipp(options: SippOptions): Promise<SippResult> {
  const workDir = await mkdtemp(join(tmpdir(), 'tandem-sipp-'));
  const files = {
    errors: join(workDir, 'errors.log'),
    messages: join(workDir, 'messages.log'),
    stats: join(workDir, 'stats.csv'),
  };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const scenario = isAbsolute(options.scenario) ? options.scenario : join(scenarioDir, options.scenario);
  const args = [
    `127.0.0.1:${options.port}`,
    '-sf',
    scenario,
    '-t',
    options.transport === 'udp' ? 'u1' : 't1',
    '-i',
    '127.0.0.1',
    '-p',
    String(options.localPort ?? (await freeLoopbackPort())),
    '-m',
    String(options.calls ?? 1),
    '-nostdin',
    '-timeout',
    `${Math.ceil(timeoutMs / 1000)}s`,
    '-timeout_error',
    '-default_behaviors',
    options.defaultBehaviors ?? 'all,-bye',
    '-trace_err',
    '-error_file',
    files.errors,
    '-trace_stat',
    '-stf',
    files.stats,
    ...(options.rate !== undefined ? ['-r', String(options.rate)] : []),
    ...(options.concurrency !== undefined ? ['-l', String(options.concurrency)] : []),
    ...(options.service !== undefined ? ['-s', options.service] : []),
    ...(options.auth ? ['-au', options.auth.username, '-ap', options.auth.password] : []),
    ...(options.recvTimeoutMs !== undefined ? ['-recv_timeout', String(options.recvTimeoutMs)] : []),
    ...(options.traceMessages ? ['-trace_msg', '-message_file', files.messages] : []),
    ...(options.extraArgs ?? []),
  ];

  try {
    const child = spawn(sippBinary, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on(
      'data',
      (chunk: Buffer) => (stdout = (stdout + chunk.toString('latin1')).slice(-outputLimit)),
    );
    child.stderr.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString('latin1')).slice(-outputLimit)),
    );
    // Never leave SIPp behind if the test runner goes away first.
    const killOnRunnerExit = () => child.kill('SIGKILL');
    process.once('exit', killOnRunnerExit);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs + killGraceMs);
    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        stderr += `\n[could not run ${sippBinary}: ${error.message}]\n`;
        resolve(null);
      });
      child.once('close', (code) => resolve(code));
    });
    clearTimeout(killer);
    process.off('exit', killOnRunnerExit);

    const stats = parseStats(await readOptional(files.stats));
    return {
      command: `${sippBinary} ${args.join(' ')}`,
      exitCode,
      timedOut,
      stdout,
      stderr,
      errors: await readOptional(files.errors),
      messages: await readOptional(files.messages),
      stats,
      successfulCalls: Number(stats['SuccessfulCall(C)'] ?? Number.NaN),
      failedCalls: Number(stats['FailedCall(C)'] ?? Number.NaN),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** What to print when an expectation on a SIPp run fails. */
export function describeSipp(result: SippResult): string {
  const tail = (text: string, size: number) => (text.length > size ? `...${text.slice(-size)}` : text);
  return [
    `$ ${result.command}`,
    `exit code ${String(result.exitCode)}${result.timedOut ? ' (killed after its timeout)' : ''}, ` +
      `${result.successfulCalls} calls succeeded, ${result.failedCalls} failed`,
    `--- stderr ---\n${tail(result.stderr, 2_000)}`,
    `--- errors ---\n${tail(result.errors, 4_000)}`,
    ...(result.messages ? [`--- messages ---\n${tail(result.messages, 6_000)}`] : []),
  ].join('\n');
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'latin1');
  } catch {
    return '';
  }
}

/** SIPp's statistics file: a header row and one row per dump, `;`-separated; the last row holds the totals. */
function parseStats(csv: string): Record<string, string> {
  const rows = csv.split('\n').filter((line) => line.trim() !== '');
  const header = rows[0]?.split(';') ?? [];
  const last = rows.length > 1 ? (rows[rows.length - 1]?.split(';') ?? []) : [];
  return Object.fromEntries(header.map((name, index) => [name, last[index] ?? '']));
}
