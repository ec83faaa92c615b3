/**
 * The live quality of the agent's call, from the call-quality service's one-second samples:
 *
 * ```
 *   none --first sample of a call--> measuring(level good | fair | poor) --call over--> none
 *                                       ^--------- each sample ---------+
 * ```
 */
import type { QualityLevel } from '../../services/call-quality/quality-figures.js';

export interface LiveQuality {
  readonly roundTripMs: number | null;
  readonly jitterMs: number;
  readonly lossPercent: number;
  readonly mos: number;
  readonly level: QualityLevel;
}

export interface CallQualityState {
  /** The softphone's id of the call measured, or null. */
  readonly callId: string | null;
  readonly latest: LiveQuality | null;
}

export const initialCallQualityState: CallQualityState = { callId: null, latest: null };
