import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallQualityFigures } from '../../../server/api/call-quality-api-types.js';
import { createTandemStore, type TandemStore } from '../../store/store.js';
import { selectLiveQuality } from '../../store/call-quality/selectors.js';
import { startCallQualityService, type CallQualityService } from './call-quality-service.js';

/** A peer connection whose statistics grow by `perPoll` packets each poll, `lostPerPoll` of them lost. */
function peerConnection(options: {
  perPoll: number;
  lostPerPoll: number;
  rttSeconds: number;
  jitterSeconds: number;
}) {
  let polls = 0;
  return {
    connectionState: 'connected',
    getStats: vi.fn(async () => {
      polls += 1;
      const reports = [
        {
          id: 'IN',
          type: 'inbound-rtp',
          kind: 'audio',
          packetsReceived: polls * options.perPoll,
          packetsLost: polls * options.lostPerPoll,
          jitter: options.jitterSeconds,
        },
        { id: 'RI', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: options.rttSeconds },
      ];
      return new Map(reports.map((report) => [report.id, report]));
    }),
  };
}

let store: TandemStore;
let service: CallQualityService;
const stop = () => service.stop();
let reported: [string, CallQualityFigures, { keepalive: boolean } | undefined][];

beforeEach(() => {
  vi.useFakeTimers();
  store = createTandemStore();
  reported = [];
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

function start(
  connection: ReturnType<typeof peerConnection> | undefined,
  report = (id: string, figures: CallQualityFigures, options?: { keepalive: boolean }) => {
    reported.push([id, figures, options]);
    return Promise.resolve();
  },
) {
  service = startCallQualityService({
    store,
    peerConnection: () => connection as unknown as RTCPeerConnection | undefined,
    report,
    now: () => Date.now(),
  });
}

function answeredCall(serverCallId: string | null = 'srv-1') {
  const { calls } = store.getState().actions;
  calls.offered({
    id: 'call-1',
    serverCallId,
    direction: 'incoming',
    remoteNumber: '+1',
    remoteName: null,
    at: 0,
  });
  calls.established('call-1', 0);
}

describe('the call quality service', () => {
  it('samples the call every second while it is up, and saves the summary with the call when it ends', async () => {
    const connection = peerConnection({
      perPoll: 50,
      lostPerPoll: 0,
      rttSeconds: 0.02,
      jitterSeconds: 0.002,
    });
    start(connection);
    expect(connection.getStats).not.toHaveBeenCalled(); // no call, no polling
    answeredCall();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(connection.getStats).toHaveBeenCalledTimes(3);
    expect(selectLiveQuality(store.getState())).toMatchObject({
      roundTripMs: 20,
      jitterMs: 2,
      lossPercent: 0,
      level: 'good',
    });

    store.getState().actions.calls.ended('call-1', 'remote-hangup', 3_000);
    expect(selectLiveQuality(store.getState())).toBeNull();
    expect(reported).toEqual([
      [
        'srv-1',
        expect.objectContaining({
          samples: 3,
          roundTripMsAvg: 20,
          jitterMsMax: 2,
          packetLossPercent: 0,
          degradedSamples: 0,
        }),
        undefined,
      ],
    ]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(connection.getStats).toHaveBeenCalledTimes(3); // stopped with the call
  });

  it('warns on a degrading call, and counts the poor seconds in the summary', async () => {
    start(peerConnection({ perPoll: 45, lostPerPoll: 5, rttSeconds: 0.3, jitterSeconds: 0.04 }));
    answeredCall();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(selectLiveQuality(store.getState())?.level).toBe('poor');
    store.getState().actions.calls.ended('call-1', 'local-hangup', 2_000);
    expect(reported[0]?.[1]).toMatchObject({ samples: 2, packetLossPercent: 10, degradedSamples: 2 });
  });

  it('saves nothing for a call without samples or without a Tandem call id, and survives a refused save', async () => {
    start(undefined);
    answeredCall();
    await vi.advanceTimersByTimeAsync(2_000);
    store.getState().actions.calls.ended('call-1', 'remote-hangup', 2_000);
    expect(reported).toEqual([]);
    stop();

    const refusing = vi.fn(() => Promise.reject(new Error('HTTP 404')));
    start(peerConnection({ perPoll: 50, lostPerPoll: 0, rttSeconds: 0.01, jitterSeconds: 0 }), refusing);
    answeredCall(null);
    await vi.advanceTimersByTimeAsync(2_000);
    store.getState().actions.calls.ended('call-1', 'remote-hangup', 2_000);
    expect(refusing).not.toHaveBeenCalled();
    answeredCall('srv-2');
    await vi.advanceTimersByTimeAsync(2_000);
    store.getState().actions.calls.ended('call-1', 'remote-hangup', 4_000);
    expect(refusing).toHaveBeenCalledWith('srv-2', expect.objectContaining({ samples: 2 }));
  });

  it('saves the summary so far every 30 s of a long call, and once more in a request outliving a closing page', async () => {
    start(peerConnection({ perPoll: 50, lostPerPoll: 0, rttSeconds: 0.02, jitterSeconds: 0.002 }));
    answeredCall();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(reported).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reported.map(([id, figures, options]) => [id, figures.samples, options])).toEqual([
      ['srv-1', 30, undefined],
    ]);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(reported.map(([, figures]) => figures.samples)).toEqual([30, 60]);

    service.pageClosing();
    expect(reported.at(-1)?.[1].samples).toBe(75);
    expect(reported.at(-1)?.[2]).toEqual({ keepalive: true });
    // The call still ends as usual if the page lives on: the final summary replaces the others.
    store.getState().actions.calls.ended('call-1', 'remote-hangup', 80_000);
    expect(reported.map(([, figures]) => figures.samples)).toEqual([30, 60, 75, 75]);
  });

  it('sends nothing as the page closes when no call is up', () => {
    start(peerConnection({ perPoll: 50, lostPerPoll: 0, rttSeconds: 0.02, jitterSeconds: 0.002 }));
    service.pageClosing();
    expect(reported).toEqual([]);
  });
});
