/**
 * The desktop's client of the server's call-history API (server/api/history-api-types.ts). Tells a
 * refusal for good (400, 404, 409: the edit can never succeed) from a passing failure (no network,
 * timeout, 5xx, 401 while credentials are being renewed), which the sync engine retries.
 */
import type {
  AnnotationRequest,
  AnnotationResponse,
  HistoryPageResponse,
} from '../../server/api/history-api-types.js';

export interface HistoryServerOptions {
  /** `http://host:port` of the Tandem server, without a trailing slash. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs?: number;
}

/** The server could not be asked right now; try again later. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

export type AnnotationAnswer =
  | { readonly kind: 'accepted'; readonly response: AnnotationResponse }
  | { readonly kind: 'refused'; readonly status: number; readonly error: string };

const REFUSED_FOR_GOOD = new Set([400, 403, 404, 409, 413, 422]);

export class HistoryServerClient {
  private readonly authorization: string;

  constructor(private readonly options: HistoryServerOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  async page(since: number, limit: number): Promise<HistoryPageResponse> {
    const response = await this.send(`/api/history/calls?since=${since}&limit=${limit}`, { method: 'GET' });
    if (response.status !== 200) throw await this.failure(response);
    return (await response.json()) as HistoryPageResponse;
  }

  async annotate(request: AnnotationRequest): Promise<AnnotationAnswer> {
    const response = await this.send('/api/history/annotations', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (response.status === 200)
      return { kind: 'accepted', response: (await response.json()) as AnnotationResponse };
    if (REFUSED_FOR_GOOD.has(response.status)) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      return { kind: 'refused', status: response.status, error: body.error ?? `HTTP ${response.status}` };
    }
    throw await this.failure(response);
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.options.baseUrl}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string> | undefined),
          Authorization: this.authorization,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new ServerUnreachableError(`the server did not answer: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  private async failure(response: Response): Promise<ServerUnreachableError> {
    const text = await response.text().catch(() => '');
    return new ServerUnreachableError(`the server answered ${response.status}: ${text.slice(0, 200)}`);
  }
}
