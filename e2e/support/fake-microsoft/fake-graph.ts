/**
 * A stand-in for Microsoft Graph, enough for the presence gate: `POST /v1.0/communications/
 * getPresencesByUserId` (at most 650 ids, bearer token required) and `GET /v1.0/users/{upn}`.
 * Presences are set by the test while it runs; `failNext` makes Graph throttle (429 + Retry-After)
 * or fail (503) for a while; every request is logged for assertions.
 */
import type { ServerResponse } from 'node:http';
import { listenHttps, sendJson, type FakeListener } from './https-fake-server.js';
import type { TestCertificates } from './test-ca.js';

export interface FakeUser {
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly displayName?: string;
  readonly mail?: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly businessPhones?: readonly string[];
  readonly mobilePhone?: string;
  readonly accountEnabled?: boolean;
}

/**
 * More of Graph, added beside this file (users paging, subscriptions): answers a request and
 * returns true, or returns false to let the next route try. `answer` records and sends JSON.
 */
export type FakeGraphRoute = (request: {
  readonly method: string;
  readonly url: URL;
  readonly token: string;
  readonly body: string;
  readonly answer: (status: number, payload: unknown, headers?: Record<string, string>) => void;
  readonly response: ServerResponse;
}) => boolean;

export interface GraphRequestRecord {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** Ids asked for (getPresencesByUserId). */
  readonly ids: readonly string[];
  readonly status: number;
}

export interface FakeFailure {
  readonly status: 429 | 500 | 503;
  /** Seconds, sent as Retry-After when given. */
  readonly retryAfterSeconds?: number;
  /** How many requests fail; Infinity for an outage until `recover()`. */
  readonly times: number;
}

export interface FakeGraphOptions {
  /** Whether a bearer token is genuine (the fake identity platform's `isIssued`). */
  readonly acceptToken: (token: string) => boolean;
  readonly users?: readonly FakeUser[];
}

export class FakeGraph {
  readonly requests: GraphRequestRecord[] = [];
  private readonly presences = new Map<string, { availability: string; activity: string }>();
  private readonly users: FakeUser[];
  private failure: { status: number; retryAfterSeconds?: number; remaining: number } | null = null;
  private readonly routes: FakeGraphRoute[] = [];
  private readonly presenceListeners = new Set<
    (objectId: string, availability: string, activity: string) => void
  >();
  private readonly extraTokens = new Set<string>();
  private readonly tokenChecks: ((token: string) => boolean)[] = [];

  private constructor(
    private readonly listener: FakeListener,
    private readonly options: FakeGraphOptions,
  ) {
    this.users = [...(options.users ?? [])];
  }

  static async start(certificates: TestCertificates, options: FakeGraphOptions): Promise<FakeGraph> {
    let graph: FakeGraph | null = null;
    const listener = await listenHttps(certificates, (request, body, response) =>
      graph!.handle(
        request.method ?? 'GET',
        new URL(request.url ?? '/', 'https://fake'),
        request.headers.authorization,
        body,
        response,
      ),
    );
    graph = new FakeGraph(listener, options);
    return graph;
  }

  /** What Tandem's graphBaseUrl is set to. */
  get origin(): string {
    return this.listener.origin;
  }

  /** Sets what Teams shows for a user (by object id) from now on. */
  setPresence(objectId: string, availability: string, activity: string): void {
    this.presences.set(objectId.toLowerCase(), { availability, activity });
    for (const listener of this.presenceListeners) listener(objectId.toLowerCase(), availability, activity);
  }

  /** What Teams shows for a user now (PresenceUnknown when never set). */
  presenceOf(objectId: string): { availability: string; activity: string } {
    return (
      this.presences.get(objectId.toLowerCase()) ?? {
        availability: 'PresenceUnknown',
        activity: 'PresenceUnknown',
      }
    );
  }

  /** Called after every presence change (change notifications start here). */
  onPresenceChange(listener: (objectId: string, availability: string, activity: string) => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Adds routes (tried in order, after the presence routes, before 404). */
  use(route: FakeGraphRoute): void {
    this.routes.push(route);
  }

  /** Accepts a bearer token that did not come from the identity platform (a delegated token). */
  acceptToken(token: string): void {
    this.extraTokens.add(token);
  }

  /** Accepts bearer tokens that pass `check` (e.g. user tokens signed by the identity platform). */
  acceptTokensWhere(check: (token: string) => boolean): void {
    this.tokenChecks.push(check);
  }

  /** Every user, in the order added. */
  get allUsers(): readonly FakeUser[] {
    return this.users;
  }

  addUser(user: FakeUser): void {
    this.users.push(user);
  }

  failNext(failure: FakeFailure): void {
    this.failure = {
      status: failure.status,
      retryAfterSeconds: failure.retryAfterSeconds,
      remaining: failure.times,
    };
  }

  recover(): void {
    this.failure = null;
  }

  /** Presence requests answered or refused since the start, or since `sinceIndex`. */
  presenceRequests(sinceIndex = 0): GraphRequestRecord[] {
    return this.requests.slice(sinceIndex).filter((record) => record.path.endsWith('/getPresencesByUserId'));
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  private handle(
    method: string,
    url: URL,
    authorization: string | undefined,
    body: string,
    response: ServerResponse,
  ): void {
    let ids: string[] = [];
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ at: Date.now(), method, path: url.pathname, ids, status });
      sendJson(response, status, payload, headers);
    };
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const genuine =
      token !== undefined &&
      (this.extraTokens.has(token) ||
        this.options.acceptToken(token) ||
        this.tokenChecks.some((check) => check(token)));
    if (!token || !genuine) {
      answer(401, graphError('InvalidAuthenticationToken', 'Access token is empty or invalid.'));
      return;
    }
    if (method === 'POST' && url.pathname === '/v1.0/communications/getPresencesByUserId') {
      const parsed = safeJson(body) as { ids?: unknown } | null;
      if (!Array.isArray(parsed?.ids) || parsed.ids.some((id) => typeof id !== 'string')) {
        answer(400, graphError('BadRequest', 'ids must be a list of strings'));
        return;
      }
      ids = parsed.ids as string[];
      if (this.failure && this.failure.remaining > 0) {
        this.failure.remaining--;
        const { status, retryAfterSeconds } = this.failure;
        const headers: Record<string, string> =
          retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
        answer(
          status,
          graphError(status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'try later'),
          headers,
        );
        return;
      }
      if (ids.length > 650) {
        answer(400, graphError('BadRequest', 'The maximum number of ids is 650.'));
        return;
      }
      answer(200, {
        value: ids.map((id) => ({
          id,
          ...(this.presences.get(id.toLowerCase()) ?? {
            availability: 'PresenceUnknown',
            activity: 'PresenceUnknown',
          }),
        })),
      });
      return;
    }
    const userPath = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && userPath) {
      const key = decodeURIComponent(userPath[1]!).toLowerCase();
      const user = this.users.find(
        (candidate) => candidate.id === key || candidate.userPrincipalName?.toLowerCase() === key,
      );
      if (user) answer(200, { id: user.id });
      else answer(404, graphError('Request_ResourceNotFound', `Resource '${key}' does not exist.`));
      return;
    }
    for (const route of this.routes) {
      if (route({ method, url, token, body, answer, response })) return;
    }
    answer(404, graphError('NotFound', `${method} ${url.pathname}`));
  }
}

export function graphError(code: string, message: string) {
  return { error: { code, message } };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
