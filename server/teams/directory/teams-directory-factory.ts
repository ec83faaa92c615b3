/**
 * Builds the Teams directory from `teams.presence` (the app registration, Graph and authority
 * hosts, extra CA) and `teams.graph.directory`: app-only token, Graph, user pages, and a presence
 * poller of its own for the directory's users (the gate's poller watches agents only).
 */
import { readFileSync } from 'node:fs';
import type { TeamsPresenceConfig } from '../../shared/config/teams-config-schema.js';
import type { TeamsDirectoryConfig } from '../../shared/config/teams-graph-config-schema.js';
import type { Logger } from '../../shared/logger.js';
import { GraphApi } from '../graph/graph-api.js';
import { createGraphPresenceSource } from '../graph/graph-presence-source.js';
import { GraphTokenProvider } from '../graph/graph-token-provider.js';
import { HttpsTransport } from '../graph/https-request.js';
import { GraphUserPages } from './graph-user-pages.js';
import { TeamsDirectory } from './teams-directory.js';

export interface TeamsDirectoryFactoryOptions {
  /** Extra CA (PEM), instead of `presence.caFile`. */
  readonly caPem?: string;
  readonly logger?: Logger;
}

export function createTeamsDirectory(
  presence: TeamsPresenceConfig,
  directory: TeamsDirectoryConfig,
  options: TeamsDirectoryFactoryOptions = {},
): TeamsDirectory {
  const { tenantId, clientId, clientSecret } = presence;
  if (!tenantId || !clientId || !clientSecret) {
    throw new TypeError('teams.graph.directory needs teams.presence tenantId, clientId and clientSecret');
  }
  const caPem = options.caPem ?? (presence.caFile ? readFileSync(presence.caFile, 'utf8') : undefined);
  const tokens = new GraphTokenProvider({
    tenantId,
    clientId,
    clientSecret,
    authorityHost: presence.authorityHost,
    caPem,
    logger: options.logger,
  });
  const api = new GraphApi({
    tokens,
    transport: new HttpsTransport(caPem),
    baseUrl: presence.graphBaseUrl,
  });
  return new TeamsDirectory({
    pages: new GraphUserPages(api),
    presence: createGraphPresenceSource(presence, { caPem, logger: options.logger }),
    refreshMs: directory.refreshMinutes * 60_000,
    maxUsers: directory.maxUsers,
    logger: options.logger,
  });
}
