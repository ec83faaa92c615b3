/**
 * Reading a running server from the outside, as monitoring would: one sample of its Prometheus metrics, its
 * resident memory, and polling until something it reports becomes true.
 */
import { readFile } from 'node:fs/promises';

/** The first sample named `name` in `GET /metrics` (e.g. `name{node="tandem-1"} 3`); throws if there is none. */
export async function readMetric(baseUrl: string, name: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) || row.startsWith(`${name} `));
  if (line === undefined) throw new Error(`GET /metrics has no ${name}`);
  const value = Number(line.slice(line.lastIndexOf(' ') + 1));
  if (!Number.isFinite(value)) throw new Error(`GET /metrics: cannot read ${line}`);
  return value;
}

/** Resident set size of a process on this machine (Linux: VmRSS in /proc/<pid>/status), in bytes. */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * Polls `read` until `accept` says yes, and returns the last value read; after `timeoutMs` returns it anyway,
 * so that the caller's expectation reports what was seen.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
