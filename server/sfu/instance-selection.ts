/**
 * Which rtpengine takes a new media session: a healthy one with the fewest sessions, ties taken in
 * turn (round robin), so that equal instances share the load and a new or recovered instance
 * fills up first.
 */
export interface Candidate {
  readonly id: string;
  readonly isHealthy: boolean;
}

export interface Choice<T extends Candidate> {
  instance: T;
  /** Pass back as `cursor` next time, so ties rotate. */
  cursor: number;
}

export function chooseInstance<T extends Candidate>(
  instances: readonly T[],
  sessionsOf: (instance: T) => number,
  cursor: number,
  exclude: ReadonlySet<string> = new Set(),
): Choice<T> | null {
  let best: { instance: T; index: number; sessions: number } | null = null;
  for (let offset = 0; offset < instances.length; offset += 1) {
    const index = (cursor + offset) % instances.length;
    const instance = instances[index]!;
    if (!instance.isHealthy || exclude.has(instance.id)) continue;
    const sessions = sessionsOf(instance);
    if (!best || sessions < best.sessions) best = { instance, index, sessions };
  }
  return best ? { instance: best.instance, cursor: (best.index + 1) % instances.length } : null;
}
