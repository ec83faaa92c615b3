/**
 * Millions of latency samples without keeping them: counts in steps of 10 µs up to 2 s (anything later
 * counts in the last step). Percentiles are nearest-rank, as bench/support/percentiles.ts, to within a step.
 */
const STEP_MS = 0.01;
const STEPS = 200_000;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(STEPS);
  private total = 0;

  get count(): number {
    return this.total;
  }

  record(ms: number): void {
    const index = Math.min(STEPS - 1, Math.max(0, Math.floor(ms / STEP_MS)));
    this.counts[index]!++;
    this.total++;
  }

  /** The upper edge of the step holding the nearest-rank percentile p (0..100); NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < STEPS; index++) {
      seen += this.counts[index]!;
      if (seen >= rank) return (index + 1) * STEP_MS;
    }
    return STEPS * STEP_MS;
  }
}
