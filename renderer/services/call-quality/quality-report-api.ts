/**
 * Saves a call's quality figures on the server (PUT /api/calls/quality, server/api/call-quality-api-types.ts)
 * with the agent's Basic credentials, which the desk keeps in memory only.
 */
import {
  CALL_QUALITY_PATH,
  type CallQualityFigures,
  type CallQualityRequest,
} from '../../../server/api/call-quality-api-types.js';
import type { Credentials, FetchLike } from '../agent-api.js';
import { apiTarget, authorizedJsonRequest } from '../authorized-request.js';

/** `keepalive`: the request outlives the page (sent as it closes). */
export type QualityReporter = (
  serverCallId: string,
  figures: CallQualityFigures,
  options?: { keepalive: boolean },
) => Promise<void>;

/** The server refused the figures (status 400, 401, 404 ...) or could not be reached (status 0). */
export class QualityReportError extends Error {
  override readonly name = 'QualityReportError';

  constructor(readonly status: number) {
    super(`call quality not saved: ${status === 0 ? 'server unreachable' : `HTTP ${status}`}`);
  }
}

export function createQualityReporter(options: {
  serverBaseUrl: string;
  credentials: Credentials;
  fetch?: FetchLike;
  timeoutMs?: number;
}): QualityReporter {
  const target = apiTarget(options, 5_000, () => new QualityReportError(0));
  return async (serverCallId, figures, requestOptions) => {
    const body: CallQualityRequest = { callId: serverCallId, ...figures };
    const response = await authorizedJsonRequest(target, 'PUT', CALL_QUALITY_PATH, body, requestOptions);
    if (!response.ok) throw new QualityReportError(response.status);
  };
}
