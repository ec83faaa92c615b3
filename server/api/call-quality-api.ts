/**
 * Call quality over HTTP (contract in call-quality-api-types.ts): the agent desk saves its summary of a
 * call's round-trip time, jitter, loss and estimated MOS when the call ends. Answers 400 with an
 * explanation for bad figures, 401 without valid credentials, 404 for a call the agent did not answer
 * (as for one that does not exist).
 */
import type { CallQualityFigures, CallQualityRepository } from '../store/call-quality-types.js';
import type { Store } from '../store/store-types.js';
import { signedInAgent } from './agent-auth.js';
import { CALL_QUALITY_PATH, type CallQualityResponse } from './call-quality-api-types.js';
import { sendJson, type HttpApi } from './http-api.js';
import { readJsonBody } from './read-json.js';

export interface CallQualityApiDeps {
  readonly store: () => Store;
  readonly quality: () => CallQualityRepository;
  /** The server's clock (ISO 8601); tests may fix it. */
  readonly now?: () => string;
}

/** A day of one-second samples is far longer than any call; more is a confused client. */
const MAX_SAMPLES = 86_400;
/** A minute of delay or jitter: beyond it the figure is not a measurement. */
const MAX_MS = 60_000;

type ParsedReport = { ok: true; callId: string; figures: CallQualityFigures } | { ok: false; error: string };

export function parseCallQualityRequest(body: Record<string, unknown> | null): ParsedReport {
  if (!body) return { ok: false, error: 'expected a JSON object' };
  const { callId } = body;
  if (typeof callId !== 'string' || callId.length === 0 || callId.length > 200)
    return { ok: false, error: 'callId: expected the id of a call' };
  const numberIn = (name: string, min: number, max: number, nullable = false): number | null | string => {
    const value = body[name];
    if (value === null && nullable) return null;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
      return `${name}: expected a number from ${min} to ${max}${nullable ? ' or null' : ''}`;
    return value;
  };
  const samples = body['samples'];
  if (typeof samples !== 'number' || !Number.isSafeInteger(samples) || samples < 1 || samples > MAX_SAMPLES)
    return { ok: false, error: `samples: expected a whole number from 1 to ${MAX_SAMPLES}` };
  const degraded = body['degradedSamples'];
  if (typeof degraded !== 'number' || !Number.isSafeInteger(degraded) || degraded < 0 || degraded > samples)
    return { ok: false, error: 'degradedSamples: expected a whole number from 0 to samples' };
  const read = {
    roundTripMsAvg: numberIn('roundTripMsAvg', 0, MAX_MS, true),
    roundTripMsMax: numberIn('roundTripMsMax', 0, MAX_MS, true),
    jitterMsAvg: numberIn('jitterMsAvg', 0, MAX_MS),
    jitterMsMax: numberIn('jitterMsMax', 0, MAX_MS),
    packetLossPercent: numberIn('packetLossPercent', 0, 100),
    mosAvg: numberIn('mosAvg', 1, 5),
    mosMin: numberIn('mosMin', 1, 5),
  };
  const problem = Object.values(read).find((value) => typeof value === 'string');
  if (typeof problem === 'string') return { ok: false, error: problem };
  const figures = { samples, degradedSamples: degraded, ...read } as CallQualityFigures;
  if ((figures.roundTripMsAvg === null) !== (figures.roundTripMsMax === null))
    return { ok: false, error: 'roundTripMsAvg and roundTripMsMax: both numbers or both null' };
  if (figures.roundTripMsAvg !== null && figures.roundTripMsAvg > (figures.roundTripMsMax ?? 0))
    return { ok: false, error: 'roundTripMsAvg: more than roundTripMsMax' };
  if (figures.jitterMsAvg > figures.jitterMsMax)
    return { ok: false, error: 'jitterMsAvg: more than jitterMsMax' };
  if (figures.mosMin > figures.mosAvg) return { ok: false, error: 'mosMin: more than mosAvg' };
  return { ok: true, callId, figures };
}

export function registerCallQualityApi(http: HttpApi, deps: CallQualityApiDeps): void {
  const now = deps.now ?? (() => new Date().toISOString());

  http.route('PUT', CALL_QUALITY_PATH, async (request, response) => {
    const user = await signedInAgent(request, response, deps.store());
    if (!user) return;
    const report = parseCallQualityRequest(await readJsonBody(request, 4_096));
    if (!report.ok) return sendJson(response, 400, { error: report.error });
    const quality = deps.quality();
    if (!quality.handledBy(report.callId, user.id))
      return sendJson(response, 404, { error: `no call ${report.callId} answered by you` });
    try {
      const answer: CallQualityResponse = {
        quality: quality.save(report.callId, user.id, report.figures, now()),
      };
      sendJson(response, 200, answer);
    } catch (error) {
      // The call was deleted between the check and the write.
      if (error instanceof TypeError) return sendJson(response, 404, { error: error.message });
      throw error;
    }
  });
}
