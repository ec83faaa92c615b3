/**
 * Microsoft sign-in for agents, put together: a token from Entra ID (presented by the desktop app, or
 * obtained by the server's own redirect flow for the browser) is validated, its user mapped to an agent,
 * and the agent given Tandem credentials (a random password that lasts `sessionHours`) that the client
 * then uses as a local agent uses their password: HTTP Basic for the agent APIs, SIP digest to register.
 * The browser flow hands those credentials to the page through a one-time ticket in the URL fragment, so
 * that neither tokens nor passwords appear in a URL that servers log.
 */
import { randomBytes } from 'node:crypto';
import type { MicrosoftSignInConfig } from '../../shared/config/microsoft-sign-in-config-schema.js';
import type { Logger } from '../../shared/logger.js';
import type { IssuedCredential } from '../../store/issued-credential-types.js';
import type { Agent, Store } from '../../store/store-types.js';
import { HttpsTransport } from '../graph/https-request.js';
import { agentForIdentity } from './agent-for-identity.js';
import { AuthorizationCodeFlow } from './authorization-code-flow.js';
import { EntraTokenValidator } from './entra-token-validator.js';
import type { VerifiedIdentity } from './identity-types.js';

export type SignInResult =
  | { readonly kind: 'signed-in'; readonly agent: Agent; readonly credential: IssuedCredential }
  | { readonly kind: 'no-agent'; readonly identity: VerifiedIdentity }
  | { readonly kind: 'agent-disabled'; readonly identity: VerifiedIdentity };

export interface MicrosoftSignInOptions {
  readonly config: MicrosoftSignInConfig & { clientId: string };
  readonly store: () => Store;
  /** Extra CA certificates (PEM) to trust for the identity platform. */
  readonly caPem?: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

const TIMEOUT_MS = 10_000;
const TICKET_LIFETIME_MS = 60_000;

export class MicrosoftSignIn {
  readonly validator: EntraTokenValidator;
  readonly flow: AuthorizationCodeFlow;
  private readonly tickets = new Map<string, { result: SignInResult; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: MicrosoftSignInOptions) {
    const { config } = options;
    this.now = options.now ?? Date.now;
    const transport = new HttpsTransport(options.caPem);
    this.validator = new EntraTokenValidator({
      clientId: config.clientId,
      tenants: config.tenants,
      authority: config.authority,
      clockSkewSeconds: config.clockSkewSeconds,
      now: this.now,
      fetchJson: async (url) => {
        const answer = await transport.send({ url, method: 'GET', timeoutMs: TIMEOUT_MS });
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
        return JSON.parse(answer.body) as unknown;
      },
    });
    this.flow = new AuthorizationCodeFlow({
      clientId: config.clientId,
      ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
      authority: config.authority,
      tenantPath: config.tenants.length === 1 ? config.tenants[0]! : 'organizations',
      now: this.now,
      postForm: async (url, form) => {
        const answer = await transport.send({
          url,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          timeoutMs: TIMEOUT_MS,
        });
        let body: unknown = null;
        try {
          body = JSON.parse(answer.body);
        } catch {
          // reported through the status
        }
        return { status: answer.status, body };
      },
    });
  }

  /**
   * What the desktop app needs to sign in with MSAL: our app registration's client id (public: it is in
   * every authorize URL) and the authority, `/organizations` of the configured identity platform, since
   * the server decides which tenants it accepts.
   */
  desktopApp(): { clientId: string; authority: string } {
    const { clientId, authority } = this.options.config;
    return { clientId, authority: `${authority.replace(/\/+$/, '')}/organizations` };
  }

  /** Validates the token (throws TokenRejectedError / IdentityPlatformError) and signs its agent in. */
  async signInWithToken(token: string, expect: { nonce?: string } = {}): Promise<SignInResult> {
    const identity = await this.validator.validate(token, expect);
    const store = this.options.store();
    const match = agentForIdentity(store, identity);
    const log = { tid: identity.tenantId, oid: identity.objectId };
    if (match.kind === 'unknown') {
      this.options.logger.info(log, 'Microsoft sign-in by a user linked to no agent');
      return { kind: 'no-agent', identity };
    }
    if (match.kind === 'disabled') {
      this.options.logger.info({ ...log, agentId: match.agent.id }, 'Microsoft sign-in of a disabled agent');
      return { kind: 'agent-disabled', identity };
    }
    const lifetimeMs = this.options.config.sessionHours * 3600_000;
    const credential = store.issuedCredentials.issue(
      match.agent.id,
      'microsoft',
      lifetimeMs,
      new Date(this.now()),
    );
    this.options.logger.info(
      { ...log, agentId: match.agent.id, by: match.by },
      'agent signed in with Microsoft',
    );
    return { kind: 'signed-in', agent: match.agent, credential };
  }

  /** Keeps a result for the page to collect once, within a minute; returns the ticket. */
  keepForPage(result: SignInResult): string {
    const now = this.now();
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt < now) this.tickets.delete(ticket);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { result, expiresAt: now + TICKET_LIFETIME_MS });
    return ticket;
  }

  /** The result kept under this ticket, once; null when unknown, used or too old. */
  collect(ticket: string): SignInResult | null {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry && entry.expiresAt >= this.now() ? entry.result : null;
  }
}
