/** Options of a `SourceRateLimiter`. */
export interface SourceRateLimiterOptions {
  /** Sustained requests per second allowed from one source. */
  readonly ratePerSecond: number;
  /** Requests a quiet source may send at once (the bucket size). */
  readonly burst: number;
  /** Most sources tracked at once; beyond it the least recently seen source is forgotten. */
  readonly maxTrackedSources: number;
}
