/**
 * Microsoft sign-in in the desktop app (main process): MSAL's PublicClientApplication with the authorization
 * code flow and PKCE in the system browser, redirecting to MSAL's own loopback listener (127.0.0.1, a port the
 * system picks; `acquireTokenInteractive` with `openBrowser`), authority `/organizations` (any work account;
 * the Tandem server decides which tenants it accepts). The token cache is kept through the SecretStore
 * (`safeStorage` in the app), never in plain text: when the OS offers no key store, the cache lives in memory
 * only and the agent signs in again after a restart. `token()` refreshes silently from the cache.
 *
 * The result's ID token (audience: our app) is what the app presents to Tandem's
 * `POST /api/sign-in/microsoft/token`, which answers with the agent's desk and SIP credentials.
 * Tests run this module in Node against the fake identity platform (`authorityMetadata`,
 * `cloudDiscoveryMetadata`, `knownAuthorities` and a `networkClient` that trusts the test CA).
 */
import {
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type ICachePlugin,
  type INetworkModule,
  type TokenCacheContext,
} from '@azure/msal-node';
import type { Logger } from './logger.std.js';
import type { SecretStore } from './secret-store.std.js';

export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/organizations';

export interface DesktopMicrosoftSignInOptions {
  readonly clientId: string;
  /** Default https://login.microsoftonline.com/organizations. */
  readonly authority?: string;
  /** Default `openid profile offline_access` only: the ID token is what Tandem checks. */
  readonly scopes?: readonly string[];
  readonly secrets: SecretStore;
  /** Opens the system browser (`shell.openExternal` after the navigation policy's check). */
  readonly openBrowser: (url: string) => Promise<void>;
  readonly logger: Logger;
  /** For another cloud or a test's fake: hosts MSAL may trust without asking Microsoft. */
  readonly knownAuthorities?: readonly string[];
  /** The authority's OpenID configuration as JSON, so that MSAL does not fetch it. */
  readonly authorityMetadata?: string;
  /** Instance discovery answer as JSON, so that MSAL does not ask Microsoft. */
  readonly cloudDiscoveryMetadata?: string;
  readonly networkClient?: INetworkModule;
  /** The page the browser shows after signing in (HTML). */
  readonly successTemplate?: string;
  readonly errorTemplate?: string;
}

export interface MicrosoftAccountTokens {
  /** Present to Tandem's `/api/sign-in/microsoft/token`. */
  readonly idToken: string;
  readonly username: string;
  readonly name: string | null;
  readonly tenantId: string;
  readonly expiresOn: Date | null;
}

const CACHE_SECRET = 'microsoft-token-cache' as const;

/**
 * MSAL's cache plugin over the SecretStore: read before each access, written after each change. Without an
 * OS key store the serialized cache is held in this process's memory instead, never written.
 */
export function secretStoreCachePlugin(secrets: SecretStore, logger: Logger): ICachePlugin {
  let inMemory: string | null = null;
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const stored = inMemory ?? (await secrets.get(CACHE_SECRET).catch(() => null));
      if (stored) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      const serialized = context.tokenCache.serialize();
      if (await secrets.isAvailable()) {
        await secrets.set(CACHE_SECRET, serialized);
        return;
      }
      if (inMemory === null)
        logger.warn({}, 'no OS key store: the Microsoft token cache stays in memory only');
      inMemory = serialized;
    },
  };
}

export class DesktopMicrosoftSignIn {
  private readonly app: PublicClientApplication;
  private readonly scopes: string[];

  constructor(private readonly options: DesktopMicrosoftSignInOptions) {
    this.scopes = [...(options.scopes ?? [])];
    const logger = options.logger;
    this.app = new PublicClientApplication({
      auth: {
        clientId: options.clientId,
        authority: options.authority ?? DEFAULT_AUTHORITY,
        ...(options.knownAuthorities ? { knownAuthorities: [...options.knownAuthorities] } : {}),
        ...(options.authorityMetadata ? { authorityMetadata: options.authorityMetadata } : {}),
        ...(options.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: options.cloudDiscoveryMetadata } : {}),
      },
      cache: { cachePlugin: secretStoreCachePlugin(options.secrets, logger) },
      system: {
        ...(options.networkClient ? { networkClient: options.networkClient } : {}),
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (level, message) => {
            if (level <= LogLevel.Warning) logger.warn({ msal: message }, 'msal');
          },
        },
      },
    });
  }

  /** Signs in in the system browser (authorization code + PKCE, loopback redirect). */
  async signIn(): Promise<MicrosoftAccountTokens> {
    const result = await this.app.acquireTokenInteractive({
      scopes: this.scopes,
      openBrowser: this.options.openBrowser,
      prompt: 'select_account',
      ...(this.options.successTemplate ? { successTemplate: this.options.successTemplate } : {}),
      ...(this.options.errorTemplate ? { errorTemplate: this.options.errorTemplate } : {}),
    });
    return tokensOf(result);
  }

  /**
   * A fresh ID token for the account signed in before (from the cache, refreshed with the refresh token when
   * near expiry), or null when the agent has to sign in interactively again.
   */
  async token(options: { forceRefresh?: boolean } = {}): Promise<MicrosoftAccountTokens | null> {
    const account = await this.account();
    if (!account) return null;
    try {
      const result = await this.app.acquireTokenSilent({
        account,
        scopes: this.scopes,
        forceRefresh: options.forceRefresh ?? false,
      });
      return tokensOf(result);
    } catch (error) {
      this.options.logger.info({ err: (error as Error).message }, 'silent Microsoft sign-in not possible');
      return null;
    }
  }

  /** Forgets the account and its tokens on this computer. */
  async signOut(): Promise<void> {
    const cache = this.app.getTokenCache();
    for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    await this.options.secrets.delete(CACHE_SECRET);
  }

  private async account(): Promise<AccountInfo | null> {
    const accounts = await this.app.getTokenCache().getAllAccounts();
    return accounts[0] ?? null;
  }
}

function tokensOf(result: AuthenticationResult | null): MicrosoftAccountTokens {
  if (!result?.idToken || !result.account)
    throw new Error('the identity platform gave no ID token for this sign-in');
  return {
    idToken: result.idToken,
    username: result.account.username,
    name: result.account.name ?? null,
    tenantId: result.account.tenantId,
    expiresOn: result.expiresOn,
  };
}
