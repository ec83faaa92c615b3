/**
 * Protection primitives for the SIP edge: per-source rate limiting, lock-out after failed authentication,
 * and a filter for known scanners. Pure and clock-free: callers pass `now`.
 */
export { AuthFailureLockout } from './auth-failure-lockout.js';
export type { AuthFailureLockoutOptions } from './auth-failure-lockout-options.js';
export { BoundedLruMap } from './bounded-lru-map.js';
export { ScannerFilter, parseScannerPattern, type ScannerPattern } from './scanner-filter.js';
export { DEFAULT_SCANNER_USER_AGENTS } from './scanner-user-agents.js';
export { SourceRateLimiter } from './source-rate-limiter.js';
export type { SourceRateLimiterOptions } from './source-rate-limiter-options.js';
