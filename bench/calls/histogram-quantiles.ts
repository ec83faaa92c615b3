/**
 * Quantiles of a Prometheus histogram between two scrapes (bucket deltas), interpolated linearly inside the
 * bucket that holds the rank, as PromQL's histogram_quantile does. The bucket bounds limit the precision:
 * the result says which bucket too.
 */
import type { Sample } from './metrics-text.js';

export interface BucketDelta {
  /** Upper bound in the metric's unit; Infinity for +Inf. */
  readonly le: number;
  /** Cumulative count of observations <= le. */
  readonly count: number;
}

/** `labels` keeps only the series that have these label values (e.g. one ng command). */
export function bucketDeltas(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): BucketDelta[] {
  const matches = (sample: Sample) =>
    sample.name === `${name}_bucket` &&
    Object.entries(labels).every(([label, value]) => sample.labels[label] === value);
  const buckets = (samples: readonly Sample[]) => {
    const counts = new Map<number, number>();
    for (const sample of samples.filter(matches)) {
      const le = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
      counts.set(le, (counts.get(le) ?? 0) + sample.value);
    }
    return counts;
  };
  const earlier = buckets(before);
  return [...buckets(after)]
    .map(([le, count]) => ({ le, count: count - (earlier.get(le) ?? 0) }))
    .sort((a, b) => a.le - b.le);
}

export interface Quantile {
  readonly value: number;
  /** The bucket the quantile fell in: (lower, upper]. */
  readonly lower: number;
  readonly upper: number;
}

/** q in 0..1; NaN when there were no observations. */
export function histogramQuantile(buckets: readonly BucketDelta[], q: number): Quantile {
  const observations = buckets.at(-1)?.count ?? 0;
  if (observations === 0) return { value: NaN, lower: NaN, upper: NaN };
  const rank = q * observations;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank && bucket.count > below) {
      if (bucket.le === Infinity) return { value: lower, lower, upper: Infinity };
      const value = lower + ((bucket.le - lower) * (rank - below)) / (bucket.count - below);
      return { value, lower, upper: bucket.le };
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return { value: lower, lower, upper: Infinity };
}
