/**
 * Time as the routing engine sees it. Every timer of the engine (ring time, wrap-up, skills
 * expansion, maximum wait) goes through a Clock so that tests drive time by hand or with fake
 * timers, and the same code runs against the wall clock in production.
 */

/** A scheduled callback; cancel() is idempotent and harmless after the timer fired. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fire` once after `delayMs` (clamped to zero). */
  setTimer(delayMs: number, fire: () => void): TimerHandle;
}

/** The wall clock, with timers that never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, fire) {
    const timer = setTimeout(fire, Math.max(0, delayMs));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};
