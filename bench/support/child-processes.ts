/**
 * Every process the benchmark starts, kept in one place so that none outlives it: each child gets its own
 * process group (Kamailio forks workers), and the whole group is killed on stop, on error, on Ctrl-C and when
 * the benchmark exits.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<Exit>;
  /** The last 64 KiB of stdout and stderr, when they were piped. */
  output(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<Exit>;
}

const outputLimit = 64 * 1024;
const running = new Set<number>();
let guardsInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.once('exit', () => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const pid of running) killGroup(pid, 'SIGKILL');
      process.exit(130);
    });
  }
}

export function startProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): StartedProcess {
  installGuards();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-outputLimit);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => {
      collect(Buffer.from(`\n[${command} could not run: ${error.message}]\n`));
      resolve({ code: -1, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid ?? -1;
  if (pid > 0) running.add(pid);
  void exited.then(() => running.delete(pid));

  let stopping: Promise<Exit> | undefined;
  const started: StartedProcess = {
    child,
    pid,
    exited,
    output: () => output,
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        if (pid <= 0) return exited;
        killGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        const exit = await exited;
        clearTimeout(timer);
        // Workers of a forking server may outlive their parent by a moment.
        killGroup(pid, 'SIGKILL');
        return exit;
      })();
      return stopping;
    },
  };
  return started;
}

export function describeExit(exit: Exit): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
}
