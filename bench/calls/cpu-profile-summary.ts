/**
 * The functions that took the most time in a V8 CPU profile (`node --cpu-prof`): self time by function,
 * its file and line, as a share of the busy time (samples other than `(idle)`), after one line for the idle
 * share. Enough to see where a server spends its time under load;
 * open the .cpuprofile in Chrome DevTools for the call tree.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export function topSelfTime(file: string, root: string, limit = 20): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<string, number>();
  let totalMicros = 0;
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    totalMicros += delta;
    if (!frame) return;
    const where = frame.url
      ? `${relative(root, frame.url.replace(/^file:\/\//, ''))}:${frame.lineNumber + 1}`
      : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
  });
  const idle = selfMicros.get('(idle)') ?? 0;
  selfMicros.delete('(idle)');
  const busy = totalMicros - idle;
  const share = (micros: number, of: number) => `${((micros / of) * 100).toFixed(1).padStart(5)}%`;
  return [
    `idle ${share(idle, totalMicros).trim()} of ${(totalMicros / 1e6).toFixed(1)} s; share of the busy time:`,
    ...[...selfMicros]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, micros]) => `${share(micros, busy)}  ${key}`),
  ];
}
