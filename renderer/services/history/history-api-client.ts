/**
 * The server's call-history API (server/api/history-api-types.ts) for the browser build: pages of
 * changed calls and annotation edits, Basic authentication with the agent's sign-in.
 */
import type {
  AnnotationRequest,
  AnnotationResponse,
  HistoryPageResponse,
} from '../../../server/api/history-api-types.js';
import type { Credentials, FetchLike } from '../agent-api.js';
import { apiTarget, authorizedJsonRequest } from '../authorized-request.js';
import { HistoryOfflineError, HistoryRefusedError } from './history-source.js';

export interface HistoryApiClient {
  changedSince(since: number, limit: number): Promise<HistoryPageResponse>;
  annotate(request: AnnotationRequest): Promise<AnnotationResponse>;
}

export interface HistoryApiClientOptions {
  readonly serverBaseUrl: string;
  readonly credentials: Credentials;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
}

function isPage(value: unknown): value is HistoryPageResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { calls, cursor, remaining } = value as Record<string, unknown>;
  return Array.isArray(calls) && typeof cursor === 'number' && typeof remaining === 'number';
}

function isAnnotationResponse(value: unknown): value is AnnotationResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { call, outcome } = value as Record<string, unknown>;
  return typeof call === 'object' && call !== null && typeof outcome === 'object' && outcome !== null;
}

export function createHistoryApiClient(options: HistoryApiClientOptions): HistoryApiClient {
  const target = apiTarget(options, 4_000, (message) => new HistoryOfflineError(message));

  async function call(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    const response = await authorizedJsonRequest(target, method, path, body);
    const payload = response.payload;
    if (response.status >= 500) throw new HistoryOfflineError(`${method} ${path}: ${response.status}`);
    if (!response.ok) {
      const error = (payload as { error?: unknown } | undefined)?.error;
      throw new HistoryRefusedError(
        response.status,
        typeof error === 'string' ? error : String(response.status),
      );
    }
    return payload;
  }

  return {
    async changedSince(since, limit) {
      const payload = await call('GET', `/api/history/calls?since=${since}&limit=${limit}`);
      if (!isPage(payload)) throw new HistoryRefusedError(0, 'unexpected answer from the history API');
      return payload;
    },
    async annotate(request) {
      const payload = await call('PUT', '/api/history/annotations', request);
      if (!isAnnotationResponse(payload))
        throw new HistoryRefusedError(0, 'unexpected answer from the history API');
      return payload;
    },
  };
}
