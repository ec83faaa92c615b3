/**
 * A call's recording, fetched from the server with the agent's credentials (an <audio> element cannot send
 * them) for the history view to play from memory. Recordings are never kept on this computer: they are
 * the organisation's, and large; without the server there is nothing to play, which the view says.
 */
import { basicAuthorization, type FetchLike } from '../agent-api.js';
import { HistoryOfflineError } from './history-source.js';

export interface RecordingRequest {
  readonly server: string;
  readonly username: string;
  readonly password: string;
  readonly callId: string;
}

/** The WAV, null when the server has none for this call (or this agent may not hear it). */
export async function fetchRecording(
  request: RecordingRequest,
  fetch: FetchLike = (input, init) => globalThis.fetch(input, init),
  timeoutMs = 15_000,
): Promise<Blob | null> {
  const url = new URL(`/api/history/recording?id=${encodeURIComponent(request.callId)}`, request.server);
  let response: Response;
  try {
    response = await fetch(url.href, {
      headers: { Authorization: basicAuthorization(request), Accept: 'audio/wav' },
      signal: AbortSignal.timeout(timeoutMs),
      credentials: 'omit',
    });
  } catch (error) {
    throw new HistoryOfflineError(`recording ${request.callId}: ${String(error)}`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new HistoryOfflineError(`recording ${request.callId}: ${response.status}`);
  return response.blob();
}
