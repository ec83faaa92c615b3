/**
 * What one measurement found, from the raw counts: calls completed, setup latency (Tandem's histogram and
 * on the wire), RTP loss in each direction and over the round trip, CPU and memory, and whether the
 * measurement passed: every call completed, RTP loss under 0.5%, nothing left in rtpengine.
 */
import type { CpuUse } from '../support/cpu-window.js';
import { percentile } from '../support/percentiles.js';
import type { SippLoadResult } from '../sip/sipp-register-load.js';
import type { CallerRtp } from './caller-rtp.js';
import type { StepPlan } from './call-step.js';
import { bucketDeltas, histogramQuantile, type Quantile } from './histogram-quantiles.js';
import { counterDelta, total, type Sample } from './metrics-text.js';
import type { UdpCounters } from './udp-counters.js';

export const MAX_LOSS = 0.005;

export interface StepInput {
  readonly plan: StepPlan;
  readonly calls: number;
  readonly agents: number;
  readonly sipp: SippLoadResult;
  readonly sippErrors: string;
  readonly metrics: { readonly before: readonly Sample[]; readonly after: readonly Sample[] };
  readonly rtp: CallerRtp;
  readonly echoed: number;
  readonly udp: UdpCounters;
  /** Kernel drops at the sockets of the media path, by owner. */
  readonly socketDrops: ReadonlyMap<string, number>;
  readonly peaks: {
    calls: number;
    sessions: number;
    tandemRss: number;
    rtpengineRss: number;
    eventLoopLagMs: number;
  };
  readonly leftoverSessions: number;
  /** Answers the benchmark learnt of too late to stream before the hang-up. */
  readonly lateAnswers: number;
  readonly cpu: CpuUse | null;
  readonly benchCores: number;
  readonly wire: { readonly sent: Map<string, number>; readonly received: Map<string, number> };
}

export interface StepFigures {
  readonly plan: StepPlan;
  readonly calls: number;
  readonly agents: number;
  readonly completed: number;
  readonly failed: number;
  /** INVITEs per second the trunk actually sent (first to last). */
  readonly setupsPerSecond: number;
  readonly peakCalls: number;
  readonly peakSessions: number;
  readonly setup: { readonly count: number; readonly p50: Quantile; readonly p99: Quantile };
  readonly wireMs: { readonly count: number; readonly p50: number; readonly p99: number };
  /** Tandem's ng `offer` to rtpengine (tandem_media_ng_request_seconds), in ms. */
  readonly ngOffer: { readonly p50: Quantile; readonly p99: Quantile };
  readonly ngTimeouts: number;
  readonly eventLoopLagMs: number;
  readonly rtp: {
    readonly streams: number;
    readonly cutShort: number;
    readonly sent: number;
    readonly echoed: number;
    readonly returned: number;
    readonly lossTowardAgents: number;
    readonly lossTowardCallers: number;
    readonly lossRoundTrip: number;
    readonly roundTripP50Ms: number;
    readonly roundTripP99Ms: number;
  };
  readonly udp: UdpCounters;
  readonly socketDrops: ReadonlyMap<string, number>;
  readonly cpu: CpuUse | null;
  readonly benchCores: number;
  readonly rssBytes: { readonly tandem: number; readonly rtpengine: number };
  readonly leftoverSessions: number;
  readonly endedBy: ReadonlyMap<string, number>;
  readonly sippErrors: string;
  readonly passed: boolean;
  readonly why: readonly string[];
}

export function summarise(input: StepInput): StepFigures {
  const buckets = bucketDeltas(input.metrics.before, input.metrics.after, 'tandem_calls_setup_seconds');
  const offers = bucketDeltas(input.metrics.before, input.metrics.after, 'tandem_media_ng_request_seconds', {
    command: 'offer',
  });
  const quantileMs = (q: number, of = buckets) => {
    const { value, lower, upper } = histogramQuantile(of, q);
    return { value: value * 1000, lower: lower * 1000, upper: upper * 1000 };
  };
  const wire: number[] = [];
  for (const [caller, sentAt] of input.wire.sent) {
    const receivedAt = input.wire.received.get(caller);
    if (receivedAt !== undefined) wire.push((receivedAt - sentAt) / 1000);
  }
  const sentTimes = [...input.wire.sent.values()];
  const spanSeconds = (Math.max(...sentTimes) - Math.min(...sentTimes)) / 1e6;
  const streams = [...input.rtp.finished().values()];
  const sent = streams.reduce((sum, stream) => sum + stream.sent, 0);
  const returned = streams.reduce((sum, stream) => sum + stream.received, 0);
  const roundTrip = input.rtp.roundTripMs();
  const rtp = {
    streams: streams.length,
    cutShort: streams.filter((stream) => stream.cutShort).length,
    sent,
    echoed: input.echoed,
    returned,
    lossTowardAgents: 1 - input.echoed / sent,
    lossTowardCallers: 1 - returned / input.echoed,
    lossRoundTrip: 1 - returned / sent,
    roundTripP50Ms: roundTrip.percentile(50),
    roundTripP99Ms: roundTrip.percentile(99),
  };
  const completed = input.sipp.successfulCalls;
  const why: string[] = [];
  if (completed < input.calls)
    why.push(`${input.calls - completed} of ${input.calls} calls did not complete`);
  if (!(rtp.lossRoundTrip < MAX_LOSS)) why.push(`RTP loss ${(rtp.lossRoundTrip * 100).toFixed(2)}%`);
  if (rtp.streams < completed) why.push(`${completed - rtp.streams} answered calls carried no measured RTP`);
  if (input.lateAnswers > 0) why.push(`${input.lateAnswers} answers logged too late to stream`);
  if (rtp.cutShort > 0) why.push(`${rtp.cutShort} streams cut short by an early hang-up`);
  if (input.leftoverSessions > 0) why.push(`${input.leftoverSessions} sessions left in rtpengine`);
  return {
    plan: input.plan,
    calls: input.calls,
    agents: input.agents,
    completed,
    failed: input.sipp.failedCalls,
    setupsPerSecond: sentTimes.length > 1 ? (sentTimes.length - 1) / spanSeconds : NaN,
    peakCalls: input.peaks.calls,
    peakSessions: input.peaks.sessions,
    setup: { count: buckets.at(-1)?.count ?? 0, p50: quantileMs(0.5), p99: quantileMs(0.99) },
    wireMs: { count: wire.length, p50: percentile(wire, 50), p99: percentile(wire, 99) },
    ngOffer: { p50: quantileMs(0.5, offers), p99: quantileMs(0.99, offers) },
    ngTimeouts:
      total(input.metrics.after, 'tandem_media_ng_timeouts_total') -
      total(input.metrics.before, 'tandem_media_ng_timeouts_total'),
    eventLoopLagMs: input.peaks.eventLoopLagMs,
    rtp,
    udp: input.udp,
    socketDrops: input.socketDrops,
    cpu: input.cpu,
    benchCores: input.benchCores,
    rssBytes: { tandem: input.peaks.tandemRss, rtpengine: input.peaks.rtpengineRss },
    leftoverSessions: input.leftoverSessions,
    endedBy: counterDelta(input.metrics.before, input.metrics.after, 'tandem_calls_ended_total', 'reason'),
    sippErrors: input.sippErrors,
    passed: why.length === 0,
    why,
  };
}
