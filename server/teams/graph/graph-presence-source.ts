/**
 * Builds the Graph presence source from `teams.presence` in the configuration: token provider
 * (MSAL), Graph client, and the poller that routing's PresenceFeeder listens to.
 */
import { readFileSync } from 'node:fs';
import type { TeamsPresenceConfig } from '../../shared/config/teams-config-schema.js';
import type { Logger } from '../../shared/logger.js';
import { GraphPresenceClient } from './graph-presence-client.js';
import { GraphPresencePoller } from './graph-presence-poller.js';
import { GraphTokenProvider } from './graph-token-provider.js';
import { HttpsTransport } from './https-request.js';

export interface GraphPresenceSourceOptions {
  /** Extra CA certificates as PEM text (instead of `caFile`). */
  readonly caPem?: string;
  readonly logger?: Logger;
}

export function createGraphPresenceSource(
  config: TeamsPresenceConfig,
  options: GraphPresenceSourceOptions = {},
): GraphPresencePoller {
  const { tenantId, clientId, clientSecret } = config;
  if (!tenantId || !clientId || !clientSecret) {
    throw new TypeError('teams.presence needs tenantId, clientId and clientSecret');
  }
  const caPem = options.caPem ?? (config.caFile ? readCaFile(config.caFile) : undefined);
  const transport = new HttpsTransport(caPem);
  const tokens = new GraphTokenProvider({
    tenantId,
    clientId,
    clientSecret,
    authorityHost: config.authorityHost,
    caPem,
    logger: options.logger,
  });
  const fetcher = new GraphPresenceClient({ tokens, transport, baseUrl: config.graphBaseUrl });
  return new GraphPresencePoller({
    fetcher,
    intervalMs: config.intervalSeconds * 1000,
    logger: options.logger,
  });
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new TypeError(`teams.presence.caFile ${path} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
