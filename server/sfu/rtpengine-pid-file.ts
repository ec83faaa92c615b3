/**
 * The pid file of the local rtpengine. When Tandem was killed without a chance to stop its child
 * (and setpriv was not there to take it down), the next start finds the old rtpengine by this file
 * and kills it before starting a new one on the same ports.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Logger } from '../shared/logger.js';

export function writePidFile(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}

/** Kills the rtpengine named by a leftover pid file, if that pid is still an rtpengine. */
export async function reapStaleRtpengine(file: string, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return; // no pid file: the last run stopped cleanly
  }
  removePidFile(file);
  if (!Number.isInteger(pid) || pid <= 1 || !isRtpengine(pid)) return;
  logger.warn({ pid }, 'killing the rtpengine left running by a previous Tandem');
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let waited = 0; waited < 2_000 && isAlive(pid); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; the comm may hold spaces, the state follows its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Linux: the process's command line names rtpengine (a reused pid is left alone). */
function isRtpengine(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('rtpengine');
  } catch {
    return false;
  }
}
