import { qualityLevel, type QualitySample } from '../../services/call-quality/quality-figures.js';
import type { SliceUpdater } from '../slice-types.js';
import type { CallQualityState } from './initial-state.js';

export interface CallQualityActions {
  /** A new sample of the call's quality. */
  sampled(
    callId: string,
    sample: Pick<QualitySample, 'roundTripMs' | 'jitterMs' | 'lossPercent' | 'mos'>,
  ): void;
  /** The call is over (or another began): nothing to show. */
  cleared(): void;
}

export function createCallQualityActions(update: SliceUpdater<CallQualityState>): CallQualityActions {
  return {
    sampled: (callId, sample) =>
      update(() => ({
        callId,
        latest: {
          roundTripMs: sample.roundTripMs,
          jitterMs: sample.jitterMs,
          lossPercent: sample.lossPercent,
          mos: sample.mos,
          level: qualityLevel(sample.mos),
        },
      })),
    cleared: () => update((state) => (state.callId === null ? state : { callId: null, latest: null })),
  };
}
