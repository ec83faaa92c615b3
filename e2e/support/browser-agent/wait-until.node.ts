/**
 * Polls a reading until it is what the test waits for; on timeout, throws an error that says what was
 * awaited and what was last seen, so that a failure reads as a story rather than "timeout".
 */
export class WaitTimeoutError<T> extends Error {
  override readonly name = 'WaitTimeoutError';

  constructor(
    message: string,
    /** The last value read before giving up. */
    readonly lastSeen: T,
  ) {
    super(message);
  }
}

export interface WaitUntilOptions<T> {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Completes the sentence "... within N ms", e.g. `alice to be registered`. */
  readonly awaiting: string;
  /** How to show the last value in the error; JSON by default. */
  readonly describe?: (value: T) => string;
}

export async function waitUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  options: WaitUntilOptions<T>,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() >= deadline) {
      const seen = (options.describe ?? ((last: T) => JSON.stringify(last)))(value);
      throw new WaitTimeoutError(
        `waited ${options.timeoutMs} ms for ${options.awaiting}; last seen: ${seen}`,
        value,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
