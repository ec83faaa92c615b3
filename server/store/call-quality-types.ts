/**
 * Call quality figures as the agent's softphone measured them (WebRTC getStats, summarised over the
 * call), stored with the call. The same shape travels over HTTP (server/api/call-quality-api-types.ts).
 */

/** One agent's summary of one call. Times in milliseconds, loss in percent, MOS on the 1-5 scale. */
export interface CallQualityFigures {
  /** How many one-second samples the summary covers. */
  samples: number;
  /** Null when the browser never knew a round-trip time (no RTCP receiver reports, no ICE checks). */
  roundTripMsAvg: number | null;
  roundTripMsMax: number | null;
  jitterMsAvg: number;
  jitterMsMax: number;
  packetLossPercent: number;
  mosAvg: number;
  mosMin: number;
  /** Samples whose estimated MOS was below the "fair" line, i.e. when the agent saw a warning. */
  degradedSamples: number;
}

export interface CallQuality extends CallQualityFigures {
  agentId: string | null;
  reportedAt: string;
}

export interface CallQualityRepository {
  /** Saves (or replaces) the agent's figures for the call and bumps the call's revision. TypeError: no such call. */
  save(callId: string, agentId: string, figures: CallQualityFigures, reportedAt: string): CallQuality;
  /** Every agent's figures for the call, oldest report first. */
  forCall(callId: string): CallQuality[];
  /** The figures of many calls at once (a history page), by call id. */
  forCalls(callIds: readonly string[]): Map<string, CallQuality[]>;
  /**
   * Whether the agent was on the call: its agent, or (its journey says so) the one who placed it, answered
   * it, took it by transfer, or joined it (a conference, a supervisor).
   */
  handledBy(callId: string, agentId: string): boolean;
}
