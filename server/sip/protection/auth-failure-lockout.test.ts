import { describe, expect, it } from 'vitest';
import { AuthFailureLockout } from './auth-failure-lockout.js';

const MINUTE = 60_000;
const options = { maxFailures: 5, windowMs: 10 * MINUTE, lockoutMs: 15 * MINUTE, maxTrackedKeys: 1000 };

describe('AuthFailureLockout', () => {
  it('locks a source out after five failures within ten minutes, for fifteen minutes', () => {
    const lockout = new AuthFailureLockout(options);
    const results = Array.from({ length: 5 }, (_, attempt) =>
      lockout.recordFailure('198.51.100.9', attempt * MINUTE),
    );
    expect(results).toEqual([false, false, false, false, true]);
    expect(lockout.isLocked('198.51.100.9', 4 * MINUTE)).toBe(true);
    expect(lockout.lockedUntil('198.51.100.9', 4 * MINUTE)).toBe(19 * MINUTE);
    expect(lockout.isLocked('198.51.100.9', 19 * MINUTE - 1)).toBe(true);
    expect(lockout.isLocked('198.51.100.9', 19 * MINUTE)).toBe(false);
  });

  it('counts failures in a sliding window: old ones fall out', () => {
    const lockout = new AuthFailureLockout(options);
    for (const minute of [0, 1, 2, 3]) lockout.recordFailure('alice', minute * MINUTE);
    // At minute 10.5 the failure of minute 0 is outside the window: four in window, not five.
    expect(lockout.recordFailure('alice', 10.5 * MINUTE)).toBe(false);
    expect(lockout.recordFailure('alice', 10.6 * MINUTE)).toBe(true);
  });

  it('starts counting afresh after a lock-out ends', () => {
    const lockout = new AuthFailureLockout(options);
    for (let attempt = 0; attempt < 5; attempt += 1) lockout.recordFailure('alice', 0);
    expect(lockout.recordFailure('alice', 15 * MINUTE)).toBe(false);
    expect(lockout.isLocked('alice', 15 * MINUTE)).toBe(false);
  });

  it('does not extend a lock-out with failures made while locked', () => {
    const lockout = new AuthFailureLockout(options);
    for (let attempt = 0; attempt < 5; attempt += 1) lockout.recordFailure('alice', 0);
    expect(lockout.recordFailure('alice', 14 * MINUTE)).toBe(true);
    expect(lockout.lockedUntil('alice', 14 * MINUTE)).toBe(15 * MINUTE);
  });

  it('forgets past failures after a success', () => {
    const lockout = new AuthFailureLockout(options);
    for (let attempt = 0; attempt < 4; attempt += 1) lockout.recordFailure('alice', 0);
    lockout.recordSuccess('alice', 0);
    expect(lockout.recordFailure('alice', 1)).toBe(false);
    expect(lockout.trackedKeys).toBe(1);
  });

  it('does not lift a lock-out in progress on a success', () => {
    const lockout = new AuthFailureLockout(options);
    for (let attempt = 0; attempt < 5; attempt += 1) lockout.recordFailure('alice', 0);
    lockout.recordSuccess('alice', 1);
    expect(lockout.isLocked('alice', 2)).toBe(true);
  });

  it('tracks source addresses and user names separately when used as two instances', () => {
    const bySource = new AuthFailureLockout(options);
    const byUser = new AuthFailureLockout({ ...options, maxFailures: 10 });
    // A guesser trying five user names from one address is locked out as a source; no account is.
    for (const user of ['100', '101', '102', '103', '104']) {
      bySource.recordFailure('192.0.2.1', 0);
      byUser.recordFailure(user, 0);
    }
    expect(bySource.isLocked('192.0.2.1', 0)).toBe(true);
    expect(byUser.isLocked('100', 0)).toBe(false);
  });

  it('stays within its memory cap with a million distinct keys', () => {
    const lockout = new AuthFailureLockout({ ...options, maxTrackedKeys: 10_000 });
    for (let index = 0; index < 1_000_000; index += 1) lockout.recordFailure(`user-${index}`, index);
    expect(lockout.trackedKeys).toBe(10_000);
  });

  it('refuses options that would make no sense', () => {
    expect(() => new AuthFailureLockout({ ...options, maxFailures: 0 })).toThrow(TypeError);
    expect(() => new AuthFailureLockout({ ...options, lockoutMs: Number.NaN })).toThrow(TypeError);
    expect(() => new AuthFailureLockout({ ...options, maxTrackedKeys: 0 })).toThrow(TypeError);
  });
});
