/**
 * Freezing a real rtpengine (SIGSTOP) to play an instance that stops answering. The signal is
 * delivered asynchronously, so wait until every thread is really stopped: a thread still running
 * could answer one more request and make the test prove nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export async function freeze(pid: number, timeoutMs = 2_000): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const deadline = Date.now() + timeoutMs;
  while (!allThreadsStopped(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function allThreadsStopped(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).every((task) => {
    // "pid (comm) state ...": the state letter follows the last ")"; T is stopped.
    const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] === 'T';
  });
}
