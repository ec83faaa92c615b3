/** Options of an `AuthFailureLockout`. */
export interface AuthFailureLockoutOptions {
  /** Failures within `windowMs` that lock the key out. */
  readonly maxFailures: number;
  /** The sliding window over which failures are counted. */
  readonly windowMs: number;
  /** How long a lock-out lasts. */
  readonly lockoutMs: number;
  /** Most keys tracked at once; beyond it the least recently seen key is forgotten. */
  readonly maxTrackedKeys: number;
}
