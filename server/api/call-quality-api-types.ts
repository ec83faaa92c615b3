/**
 * The call-quality API contract, shared with clients (the agent desk reports at the end of each call):
 *
 *   PUT /api/calls/quality   { callId, samples, roundTripMsAvg, ..., degradedSamples }  -> 200 { quality }
 *
 * Basic authentication; an agent may report only on a call they answered. Reporting again replaces the
 * agent's earlier figures for that call. The history API returns them as each call's `quality`.
 */
import type { CallQuality, CallQualityFigures } from '../store/call-quality-types.js';

export type { CallQuality, CallQualityFigures } from '../store/call-quality-types.js';

export const CALL_QUALITY_PATH = '/api/calls/quality';

export interface CallQualityRequest extends CallQualityFigures {
  /** Tandem's call id (the INVITE's X-Tandem-Call-Id). */
  callId: string;
}

export interface CallQualityResponse {
  quality: CallQuality;
}
