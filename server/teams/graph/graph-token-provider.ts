/**
 * The presence gate's app-only token: MSAL's ConfidentialClientApplication with client credentials
 * against the organisation's own tenant (never /common), scope Graph `.default`. MSAL keeps the
 * token in its in-memory cache and asks the identity platform again only near expiry.
 *
 * Tests point the authority at a local fake: `knownAuthorities` names its host so that MSAL skips
 * Microsoft's instance discovery, and MSAL then reads the fake's OpenID configuration
 * (`<authority>/v2.0/.well-known/openid-configuration`). MSAL refuses a non-https authority
 * (`authority_uri_insecure`), hence the fake serves TLS with a test CA given as `caPem`.
 */
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { Logger } from '../../shared/logger.js';
import { HttpsTransport } from './https-request.js';
import { msalNetworkClient } from './msal-network-client.js';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphTokenOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default https://login.microsoftonline.com. */
  readonly authorityHost?: string;
  /** Extra CA certificates (PEM) to trust for the identity platform. */
  readonly caPem?: string;
  readonly logger?: Logger;
}

export interface AccessTokenSource {
  /** A valid access token for Graph; rejects when none can be had. */
  getAccessToken(): Promise<string>;
}

/**
 * Our app registration as MSAL's confidential client for a tenant, its network through our HTTPS client
 * (so a test CA can be trusted) and its warnings in our log under `label`.
 */
export function confidentialClientFor(
  options: GraphTokenOptions,
  label: string,
): ConfidentialClientApplication {
  const host = new URL(options.authorityHost ?? 'https://login.microsoftonline.com');
  const logger = options.logger;
  return new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: new URL(encodeURIComponent(options.tenantId), host).toString(),
      // Microsoft's own host is known to MSAL; any other (a national cloud, the tests' fake) is named.
      knownAuthorities: host.host === 'login.microsoftonline.com' ? [] : [host.host],
    },
    system: {
      networkClient: msalNetworkClient(new HttpsTransport(options.caPem)),
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message) => {
          if (level <= LogLevel.Warning) logger?.warn({ msal: message }, label);
        },
      },
    },
  });
}

export class GraphTokenProvider implements AccessTokenSource {
  private readonly app: ConfidentialClientApplication;

  constructor(options: GraphTokenOptions) {
    this.app = confidentialClientFor(options, 'msal');
  }

  async getAccessToken(): Promise<string> {
    const result = await this.app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
    if (!result?.accessToken) throw new Error('the identity platform gave no access token');
    return result.accessToken;
  }
}
