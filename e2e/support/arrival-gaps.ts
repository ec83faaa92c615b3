/**
 * How continuous a stream of received packets is, seen from the receiver: watches a growing list (an RTP
 * peer's `received`) and keeps the longest time during which nothing arrived. Used to show that a caller
 * "never loses audio for more than a moment" during a transfer; it reports a figure, it is no benchmark.
 *
 *   const watch = watchArrivals(call.peer.received);
 *   ... the transfer ...
 *   const { packets, longestGapMs } = watch.stop();
 *
 * The list is sampled every `intervalMs` (5 ms by default), so a gap is known to about that much.
 */
export interface ArrivalReport {
  /** Packets that arrived while watching. */
  readonly packets: number;
  /** The longest time without a new packet, in ms, including from the start and until the stop. */
  readonly longestGapMs: number;
  /** When (ms after the start of the watch) that gap began. */
  readonly longestGapStartMs: number;
  readonly watchedMs: number;
}

export interface ArrivalWatch {
  /** Stops sampling and reports; calling it again reports the same. */
  stop(): ArrivalReport;
}

export function watchArrivals(list: { readonly length: number }, intervalMs = 5): ArrivalWatch {
  const startedAt = performance.now();
  const startLength = list.length;
  let lastLength = startLength;
  let lastArrival = startedAt;
  let longest = { gapMs: 0, startMs: 0 };
  const sample = () => {
    const now = performance.now();
    if (list.length === lastLength) return;
    lastLength = list.length;
    if (now - lastArrival > longest.gapMs)
      longest = { gapMs: now - lastArrival, startMs: lastArrival - startedAt };
    lastArrival = now;
  };
  const timer = setInterval(sample, intervalMs);
  let report: ArrivalReport | undefined;
  return {
    stop() {
      if (report) return report;
      clearInterval(timer);
      sample();
      const now = performance.now();
      if (now - lastArrival > longest.gapMs)
        longest = { gapMs: now - lastArrival, startMs: lastArrival - startedAt };
      report = {
        packets: list.length - startLength,
        longestGapMs: Math.round(longest.gapMs),
        longestGapStartMs: Math.round(longest.startMs),
        watchedMs: Math.round(now - startedAt),
      };
      return report;
    },
  };
}
