/**
 * A spawned server's child processes, read from /proc the way `ps --ppid` would (Linux only): a fault test
 * finds the rtpengine the server supervises this way, from the outside, rather than by asking the server.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface ChildProcessInfo {
  readonly pid: number;
  /** The executable's name as the kernel knows it (`comm`, at most 15 characters). */
  readonly name: string;
}

/** `/proc/<pid>/stat`: "pid (comm) state ppid ..."; comm may hold spaces and parentheses. */
function parseStat(stat: string): { name: string; ppid: number } | null {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? { name: stat.slice(open + 1, close), ppid } : null;
}

export async function childProcessesOf(parentPid: number): Promise<ChildProcessInfo[]> {
  const children: ChildProcessInfo[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // A process may exit between readdir and readFile.
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    const parsed = stat === null ? null : parseStat(stat);
    if (parsed?.ppid === parentPid) children.push({ pid: Number(entry), name: parsed.name });
  }
  return children;
}

/** The one `rtpengine` child of `parentPid`; throws when there is none or more than one. */
export async function rtpengineChildOf(parentPid: number): Promise<number> {
  const found = (await childProcessesOf(parentPid)).filter((child) => child.name === 'rtpengine');
  if (found.length !== 1) {
    throw new Error(`expected one rtpengine child of ${parentPid}, found ${JSON.stringify(found)}`);
  }
  return found[0]!.pid;
}
