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

export type QualityReporter = (serverCallId: string, figures: CallQualityFigures) => Promise<void>;

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
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const basic = btoa(
    String.fromCharCode(
      ...new TextEncoder().encode(`${options.credentials.username}:${options.credentials.password}`),
    ),
  );
  return async (serverCallId, figures) => {
    const body: CallQualityRequest = { callId: serverCallId, ...figures };
    let response: Response;
    try {
      response = await send(`${options.serverBaseUrl}${CALL_QUALITY_PATH}`, {
        method: 'PUT',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch {
      throw new QualityReportError(0);
    }
    if (!response.ok) throw new QualityReportError(response.status);
  };
}
