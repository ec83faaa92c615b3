/**
 * GET /metrics of a Tandem server as samples with their labels (bench/sip's TandemProcess.metrics() keeps
 * one sample per name, which is not enough for a histogram's buckets or a counter by reason).
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export async function fetchSamples(httpUrl: string): Promise<Sample[]> {
  const response = await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parseSamples(await response.text());
}

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples, e.g. a counter over all its labels; 0 when absent. */
export function total(samples: readonly Sample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);
}

/** A counter by one label, after minus before. */
export function counterDelta(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  label: string,
): Map<string, number> {
  const delta = new Map<string, number>();
  for (const sample of after) {
    if (sample.name !== name) continue;
    const key = sample.labels[label] ?? '';
    const earlier = before.find((other) => other.name === name && other.labels[label] === key)?.value ?? 0;
    if (sample.value - earlier > 0) delta.set(key, sample.value - earlier);
  }
  return delta;
}
