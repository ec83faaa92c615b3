/**
 * A delegated Graph token for what Graph refuses to app-only tokens (presence subscriptions want
 * delegated Presence.Read.All): the refresh token of a service account, signed in once by an
 * administrator, redeemed through MSAL (`acquireTokenByRefreshToken`, the confidential client of
 * our app registration). MSAL keeps the account and the rotated refresh token in its in-memory
 * cache, so later tokens come from `acquireTokenSilent`; the configured refresh token is used again
 * only when the cache cannot help (after a restart, or when the cached one was revoked).
 */
import type { AccountInfo, ConfidentialClientApplication } from '@azure/msal-node';
import type { Logger } from '../../shared/logger.js';
import { confidentialClientFor, type AccessTokenSource } from './graph-token-provider.js';

export const PRESENCE_SUBSCRIPTION_SCOPES = ['https://graph.microsoft.com/Presence.Read.All'];

export interface DelegatedTokenOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly scopes?: readonly string[];
  /** Default https://login.microsoftonline.com. */
  readonly authorityHost?: string;
  readonly caPem?: string;
  readonly logger?: Logger;
}

export class DelegatedTokenSource implements AccessTokenSource {
  private readonly app: ConfidentialClientApplication;
  private readonly scopes: string[];
  private account: AccountInfo | null = null;

  constructor(private readonly options: DelegatedTokenOptions) {
    if (options.refreshToken.trim() === '') throw new TypeError('a delegated token needs a refresh token');
    this.scopes = [...(options.scopes ?? PRESENCE_SUBSCRIPTION_SCOPES)];
    this.app = confidentialClientFor(options, 'msal (delegated)');
  }

  async getAccessToken(): Promise<string> {
    if (this.account) {
      try {
        const cached = await this.app.acquireTokenSilent({ account: this.account, scopes: this.scopes });
        if (cached?.accessToken) return cached.accessToken;
      } catch (error) {
        this.options.logger?.warn(
          { err: (error as Error)?.message ?? String(error) },
          'delegated Graph token not renewed from the cache: using the configured refresh token',
        );
      }
    }
    const result = await this.app.acquireTokenByRefreshToken({
      refreshToken: this.options.refreshToken,
      scopes: this.scopes,
    });
    if (!result?.accessToken) throw new Error('the identity platform gave no delegated access token');
    this.account = result.account;
    return result.accessToken;
  }
}
