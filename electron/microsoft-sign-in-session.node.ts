/**
 * The desktop path of Microsoft sign-in, main process side, from the page's "Sign in with Microsoft" to the
 * agent's Tandem credentials:
 *
 *   1. ask the Tandem server which app registration to sign in to (`GET /api/sign-in/microsoft/desktop`);
 *   2. an ID token from MSAL: silently from the encrypted cache when the agent signed in before, otherwise
 *      interactively in the system browser (`microsoft-sign-in.node.ts`), bounded in time;
 *   3. present it to the server (`POST /api/sign-in/microsoft/token`, Bearer), which validates it, maps the
 *      user to an agent and issues the agent's password for this session.
 *
 * Only the Tandem credentials reach the page. A refusal comes back as an outcome with a code; a token the
 * server refuses, or a user who is no agent, also clears the cache, so that the next attempt lets the
 * person pick another account. One sign-in at a time: a second request while one runs gets the same answer.
 */
import type { Logger } from './logger.std.js';
import type { MicrosoftAccountTokens } from './microsoft-sign-in.node.js';
import type { MicrosoftRefusal, MicrosoftSignInOutcome } from './microsoft-sign-in-types.std.js';

/** What the session needs of `DesktopMicrosoftSignIn` (an interface, so that tests can script MSAL). */
export interface MicrosoftAccountClient {
  signIn(): Promise<MicrosoftAccountTokens>;
  token(options?: { forceRefresh?: boolean }): Promise<MicrosoftAccountTokens | null>;
  signOut(): Promise<void>;
}

/** The app registration, as the server names it. */
export interface MicrosoftApp {
  readonly clientId: string;
  readonly authority: string;
}

export interface MicrosoftSignInSessionOptions {
  /** The Tandem server this window shows, e.g. `https://tandem.example.com`. */
  readonly serverOrigin: string;
  /** Builds the MSAL client for the app the server names (once per app). */
  readonly createClient: (app: MicrosoftApp) => MicrosoftAccountClient;
  /** Deletes the encrypted token cache when no client was made in this run (sign-out before sign-in). */
  readonly forgetCache: () => Promise<void>;
  readonly fetch?: typeof fetch;
  /** How long the person may take in the browser. Default 5 minutes. */
  readonly interactiveTimeoutMs?: number;
  /** Each request to the Tandem server. Default 10 s. */
  readonly requestTimeoutMs?: number;
  readonly logger: Logger;
}

class Refused extends Error {
  constructor(
    readonly code: MicrosoftRefusal,
    message: string,
  ) {
    super(message);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MicrosoftSignInSession {
  private client: { key: string; value: MicrosoftAccountClient } | null = null;
  private running: Promise<MicrosoftSignInOutcome> | null = null;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: MicrosoftSignInSessionOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** Signs the agent in; never rejects. */
  signIn(): Promise<MicrosoftSignInOutcome> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Forgets the Microsoft account on this computer (the cache through safeStorage). */
  async signOut(): Promise<void> {
    if (this.client) await this.client.value.signOut();
    else await this.options.forgetCache();
  }

  private async run(): Promise<MicrosoftSignInOutcome> {
    try {
      const client = this.clientFor(await this.desktopApp());
      const cached = await client.token();
      const tokens = cached ?? (await this.interactive(client));
      let answer = await this.present(tokens.idToken);
      // A cached token the server finds expired (clocks apart): one forced refresh, then the answer stands.
      if (cached && answer.status === 401 && answer.body['reason'] === 'expired') {
        const fresh = await client.token({ forceRefresh: true });
        if (fresh) answer = await this.present(fresh.idToken);
      }
      return await this.outcomeOf(answer, client);
    } catch (error) {
      if (error instanceof Refused) {
        this.options.logger.info({ code: error.code }, 'Microsoft sign-in refused');
        return { kind: 'refused', code: error.code, message: error.message };
      }
      this.options.logger.warn({ err: (error as Error).message }, 'Microsoft sign-in failed');
      return { kind: 'refused', code: 'failed', message: (error as Error).message };
    }
  }

  private clientFor(app: MicrosoftApp): MicrosoftAccountClient {
    const key = `${app.clientId} ${app.authority}`;
    if (this.client?.key !== key) this.client = { key, value: this.options.createClient(app) };
    return this.client.value;
  }

  private async desktopApp(): Promise<MicrosoftApp> {
    const response = await this.request('/api/sign-in/microsoft/desktop', { method: 'GET' });
    if (response.status === 404)
      throw new Refused('disabled', 'this Tandem server does not offer Microsoft sign-in');
    const body = await jsonOf(response);
    const { clientId, authority } = body;
    if (
      response.status !== 200 ||
      typeof clientId !== 'string' ||
      !GUID.test(clientId) ||
      typeof authority !== 'string' ||
      !isHttpsUrl(authority)
    )
      throw new Refused(
        'failed',
        `the server's Microsoft sign-in settings are unusable (HTTP ${response.status})`,
      );
    return { clientId, authority };
  }

  private async interactive(client: MicrosoftAccountClient): Promise<MicrosoftAccountTokens> {
    const timeoutMs = this.options.interactiveTimeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Refused('timed-out', 'nobody finished signing in in the browser in time')),
        timeoutMs,
      );
    });
    try {
      // MSAL's loopback listener has no cancel: after a time-out it closes when the browser comes back.
      return await Promise.race([
        client.signIn().catch((error: unknown) => {
          throw new Refused('denied', `Microsoft sign-in did not complete: ${(error as Error).message}`);
        }),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async present(idToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.request('/api/sign-in/microsoft/token', {
      method: 'POST',
      headers: { authorization: `Bearer ${idToken}` },
    });
    return { status: response.status, body: await jsonOf(response) };
  }

  private async outcomeOf(
    answer: { status: number; body: Record<string, unknown> },
    client: MicrosoftAccountClient,
  ): Promise<MicrosoftSignInOutcome> {
    const { status, body } = answer;
    const message = typeof body['message'] === 'string' ? body['message'] : `HTTP ${status}`;
    if (status === 200) {
      const { username, password, expiresAt, agent } = body;
      if (typeof username !== 'string' || typeof password !== 'string')
        throw new Refused('failed', 'the server answered without credentials');
      const displayName = (agent as { displayName?: unknown } | undefined)?.displayName;
      return {
        kind: 'signed-in',
        username,
        password,
        displayName: typeof displayName === 'string' ? displayName : null,
        expiresAt: typeof expiresAt === 'string' ? expiresAt : new Date(0).toISOString(),
      };
    }
    // This account will not do: let the next attempt start from the account picker.
    if (status === 401 || status === 403) await client.signOut().catch(() => undefined);
    if (status === 403 && (body['error'] === 'no-agent' || body['error'] === 'agent-disabled'))
      throw new Refused(body['error'], message);
    if (status === 401) throw new Refused('token-rejected', message);
    if (status === 503) throw new Refused('identity-platform', message);
    if (status === 404) throw new Refused('disabled', message);
    throw new Refused('failed', message);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(`${this.options.serverOrigin}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new Refused(
        'server-unreachable',
        `the Tandem server cannot be reached: ${(error as Error).message}`,
      );
    }
  }
}

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json().catch(() => null);
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

function isHttpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}
