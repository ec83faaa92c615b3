import { describe, expect, it } from 'vitest';
import {
  estimateMos,
  lossSince,
  qualityLevel,
  readQualitySample,
  summariseQuality,
  type QualitySample,
} from './quality-figures.js';

/** What Chromium's getStats() gives for an audio call, reduced to the reports that matter here. */
function stats(options: {
  received: number;
  lost: number;
  jitter: number;
  remoteRtt?: number;
  pairRtt?: number;
}): Record<string, unknown>[] {
  return [
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
    { id: 'CP0', type: 'candidate-pair', currentRoundTripTime: 9 },
    {
      id: 'CP1',
      type: 'candidate-pair',
      ...(options.pairRtt === undefined ? {} : { currentRoundTripTime: options.pairRtt }),
    },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'audio',
      packetsReceived: options.received,
      packetsLost: options.lost,
      jitter: options.jitter,
    },
    { id: 'IVV', type: 'inbound-rtp', kind: 'video', packetsReceived: 5, packetsLost: 500, jitter: 3 },
    ...(options.remoteRtt === undefined
      ? []
      : [{ id: 'RI', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: options.remoteRtt }]),
  ];
}

describe('estimated MOS (E-model simplification)', () => {
  it('rates a clean line near the top of what G.711 can reach', () => {
    expect(estimateMos({ roundTripMs: 0, jitterMs: 0, lossPercent: 0 })).toBe(4.4);
    expect(qualityLevel(estimateMos({ roundTripMs: 40, jitterMs: 5, lossPercent: 0 }))).toBe('good');
  });

  it('falls with delay, faster beyond 160 ms of effective latency', () => {
    const at = (roundTripMs: number) => estimateMos({ roundTripMs, jitterMs: 0, lossPercent: 0 });
    expect(at(100)).toBeLessThan(at(0));
    expect(at(200)).toBeLessThan(at(100));
    // 280 ms one-way (+10) is past the knee: R = 93.2 - (290 - 120) / 10 = 76.2.
    expect(at(560)).toBe(3.87);
    expect(at(600) - at(560)).toBeLessThan(at(100) - at(60) - 0.05);
  });

  it('counts jitter twice, and loss heavily: 10% lost is a poor call', () => {
    expect(estimateMos({ roundTripMs: 0, jitterMs: 50, lossPercent: 0 })).toBe(
      estimateMos({ roundTripMs: 200, jitterMs: 0, lossPercent: 0 }),
    );
    expect(qualityLevel(estimateMos({ roundTripMs: 20, jitterMs: 2, lossPercent: 7 }))).toBe('fair');
    expect(qualityLevel(estimateMos({ roundTripMs: 20, jitterMs: 2, lossPercent: 10 }))).toBe('poor');
  });

  it('stays on the 1 to 4.5 scale whatever it is given', () => {
    expect(estimateMos({ roundTripMs: 100_000, jitterMs: 0, lossPercent: 0 })).toBe(1);
    expect(estimateMos({ roundTripMs: 0, jitterMs: 0, lossPercent: 100 })).toBe(1);
    expect(estimateMos({ roundTripMs: null, jitterMs: 0, lossPercent: 0 })).toBe(4.4);
  });
});

describe('a sample from getStats', () => {
  it("prefers the far end's RTCP round-trip time, reads audio only, and counts loss since the last poll", () => {
    const first = readQualitySample(
      stats({ received: 100, lost: 0, jitter: 0.004, remoteRtt: 0.03, pairRtt: 0.5 }),
      1_000,
    );
    expect(first).toMatchObject({ at: 1_000, roundTripMs: 30, jitterMs: 4, lossPercent: 0 });
    const second = readQualitySample(
      stats({ received: 190, lost: 10, jitter: 0.006, remoteRtt: 0.03 }),
      2_000,
      first.counters,
    );
    expect(second.lossPercent).toBe(10);
    expect(second.jitterMs).toBeCloseTo(6);
    expect(qualityLevel(second.mos)).toBe('poor');
  });

  it("falls back to the selected ICE pair's round-trip time, and knows none without either", () => {
    expect(readQualitySample(stats({ received: 1, lost: 0, jitter: 0, pairRtt: 0.002 }), 0).roundTripMs).toBe(
      2,
    );
    expect(readQualitySample(stats({ received: 1, lost: 0, jitter: 0 }), 0).roundTripMs).toBeNull();
    expect(readQualitySample([], 0)).toMatchObject({ roundTripMs: null, jitterMs: 0, lossPercent: 0 });
  });

  it('never counts duplicates (negative loss) or a counter reset as a gain', () => {
    expect(
      lossSince({ packetsReceived: 100, packetsLost: 5 }, { packetsReceived: 150, packetsLost: 3 }),
    ).toBe(0);
    expect(lossSince({ packetsReceived: 100, packetsLost: 0 }, { packetsReceived: 10, packetsLost: 0 })).toBe(
      0,
    );
    expect(readQualitySample(stats({ received: 10, lost: -2, jitter: 0 }), 0).counters.packetsLost).toBe(0);
  });
});

describe('the summary saved with the call', () => {
  const sample = (
    at: number,
    mos: number,
    roundTripMs: number | null,
    received: number,
    lost: number,
  ): QualitySample => ({
    at,
    roundTripMs,
    jitterMs: at / 1000,
    lossPercent: 0,
    mos,
    counters: { packetsReceived: received, packetsLost: lost },
  });

  it('averages, keeps the worst values, counts loss over the whole call and the poor samples', () => {
    const summary = summariseQuality([
      sample(1_000, 4.4, null, 50, 0),
      sample(2_000, 3.0, 20, 100, 0),
      sample(3_000, 4.2, 40, 196, 4),
    ]);
    expect(summary).toEqual({
      samples: 3,
      roundTripMsAvg: 30,
      roundTripMsMax: 40,
      jitterMsAvg: 2,
      jitterMsMax: 3,
      packetLossPercent: 2,
      mosAvg: 3.87,
      mosMin: 3,
      degradedSamples: 1,
    });
  });

  it('has nothing to say without samples, and no round-trip time when none was known', () => {
    expect(summariseQuality([])).toBeNull();
    expect(summariseQuality([sample(1_000, 4.4, null, 1, 0)])).toMatchObject({
      roundTripMsAvg: null,
      roundTripMsMax: null,
    });
  });
});
