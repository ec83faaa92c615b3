/**
 * What Linux says about processes and the machine (/proc): resident memory, CPU time of a process and its
 * direct children (Kamailio's workers), and the CPU time of the whole machine, to tell how busy it was with
 * other work during a measurement.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux x86-64). */
const TICKS_PER_SECOND = 100;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** VmRSS of a process in bytes, or null when it is gone. */
export function residentBytes(pid: number): number | null {
  const status = readText(`/proc/${pid}/status`);
  const match = status?.match(/^VmRSS:\s+(\d+)\s+kB$/m);
  return match ? Number(match[1]) * 1024 : null;
}

interface ProcStat {
  readonly ppid: number;
  readonly cpuSeconds: number;
}

function procStat(pid: number): ProcStat | null {
  const text = readText(`/proc/${pid}/stat`);
  if (text === null) return null;
  // The command name is in parentheses and may contain spaces: fields are counted after its ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return { ppid, cpuSeconds: (userTicks + systemTicks) / TICKS_PER_SECOND };
}

/** CPU seconds (user + system) used so far by `pid` and its live direct children. */
export function cpuSecondsOfProcessTree(pid: number): number {
  let total = procStat(pid)?.cpuSeconds ?? 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (stat?.ppid === pid) total += stat.cpuSeconds;
  }
  return total;
}

export interface MachineCpu {
  readonly busySeconds: number;
  readonly totalSeconds: number;
}

/** Busy and total CPU seconds of all CPUs since boot (first line of /proc/stat). */
export function machineCpu(): MachineCpu {
  const line = (readText('/proc/stat') ?? '').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks;
  const busy = user + nice + system + irq + softirq + steal;
  return { busySeconds: busy / TICKS_PER_SECOND, totalSeconds: (busy + idle + iowait) / TICKS_PER_SECOND };
}

/** The soft limit on open files of this process (children inherit it). */
export function openFilesLimit(): number {
  const limits = readText('/proc/self/limits') ?? '';
  const match = limits.match(/^Max open files\s+(\d+|unlimited)/m);
  return match?.[1] === undefined || match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

export function cpuModel(): string {
  const cpuinfo = readText('/proc/cpuinfo') ?? '';
  return cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? 'unknown CPU';
}
