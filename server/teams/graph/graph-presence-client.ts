/**
 * Microsoft Graph calls of the presence gate, through @microsoft/microsoft-graph-client:
 *
 * - `POST /communications/getPresencesByUserId` with `{ "ids": [...] }` (user object ids, at most
 *   650 per request; Graph answers `{ "value": [ { id, availability, activity } ] }`), and
 * - `GET /users/{upn}?$select=id` to turn an agent's UPN into the object id the former needs.
 *
 * The middleware chain is ours: the authentication handler (a bearer token from MSAL) and a
 * final handler over our HTTPS transport. The Graph client's own retry handler is left out on
 * purpose: the poller owns retries, Retry-After and back-off, and reports them as health.
 */
import { AuthenticationHandler, Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { AccessTokenSource } from './graph-token-provider.js';
import { GraphHttpsHandler } from './graph-https-handler.js';
import type { HttpsTransport } from './https-request.js';

/** "The maximum number of user IDs supported per API request is 650" (Graph, getPresencesByUserId). */
export const MAX_IDS_PER_PRESENCE_REQUEST = 650;

export interface GraphPresence {
  /** The user's object id, as Graph returns it. */
  readonly id: string;
  readonly availability: string;
  readonly activity: string;
}

/** A Graph answer other than success, with what the poller needs to decide what to do. */
export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  constructor(
    message: string,
    /** HTTP status, or 0 when no answer came (connection refused, timeout). */
    readonly status: number,
    /** From Retry-After (seconds or an HTTP date), when Graph sent one. */
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

export interface GraphPresenceClientOptions {
  readonly tokens: AccessTokenSource;
  readonly transport: HttpsTransport;
  /** Default https://graph.microsoft.com. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export class GraphPresenceClient {
  private readonly client: Client;

  constructor(options: GraphPresenceClientOptions) {
    const base = new URL(options.baseUrl ?? 'https://graph.microsoft.com');
    const authentication = new AuthenticationHandler({
      getAccessToken: () => options.tokens.getAccessToken(),
    });
    const send = new GraphHttpsHandler(options.transport, options.timeoutMs ?? 15_000);
    authentication.setNext(send);
    this.client = Client.initWithMiddleware({
      baseUrl: base.origin + '/',
      // The authentication handler adds the token only for Graph's hosts and these.
      customHosts: new Set([base.hostname]),
      middleware: authentication,
      defaultVersion: 'v1.0',
    });
  }

  /** Presences of up to 650 users by object id, in one request. */
  async presencesByUserId(objectIds: readonly string[]): Promise<GraphPresence[]> {
    if (objectIds.length > MAX_IDS_PER_PRESENCE_REQUEST) {
      throw new RangeError(
        `at most ${MAX_IDS_PER_PRESENCE_REQUEST} ids per request, got ${objectIds.length}`,
      );
    }
    if (objectIds.length === 0) return [];
    const answer = await this.call(() =>
      this.client.api('/communications/getPresencesByUserId').post({ ids: objectIds }),
    );
    const value = (answer as { value?: unknown } | null)?.value;
    if (!Array.isArray(value))
      throw new GraphRequestError('Graph answered without a presence list', 200, null);
    return value.filter(isPresence);
  }

  /** The object id of a user named by UPN, or null when Graph does not know the user. */
  async objectIdOf(upn: string): Promise<string | null> {
    try {
      const user = await this.call(() =>
        this.client
          .api(`/users/${encodeURIComponent(upn)}`)
          .select('id')
          .get(),
      );
      const id = (user as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? id : null;
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) return null;
      throw error;
    }
  }

  private async call(request: () => Promise<unknown>): Promise<unknown> {
    try {
      return await request();
    } catch (error) {
      throw toRequestError(error);
    }
  }
}

function isPresence(entry: unknown): entry is GraphPresence {
  const candidate = entry as Partial<GraphPresence> | null;
  return (
    typeof candidate?.id === 'string' &&
    typeof candidate.availability === 'string' &&
    typeof candidate.activity === 'string'
  );
}

function toRequestError(error: unknown): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  if (error instanceof GraphError && error.statusCode > 0) {
    return new GraphRequestError(
      `Graph answered ${error.statusCode}${error.code ? ` (${error.code})` : ''}: ${error.message}`,
      error.statusCode,
      retryAfterMs(error.headers?.get('retry-after') ?? null),
    );
  }
  return new GraphRequestError(
    `no answer from Graph: ${(error as Error)?.message ?? String(error)}`,
    0,
    null,
  );
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
