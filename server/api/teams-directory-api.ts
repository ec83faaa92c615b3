/**
 * `GET /api/teams/directory?q=&limit=` (contract in teams-directory-api-types.ts): Teams users an
 * agent can transfer to, searched by name or number, with live presence. Agents sign in with Basic
 * auth like the other agent APIs. 503 when the directory is not configured (teams.graph.directory),
 * 400 for a bad limit; a directory that could not be loaded answers with an empty list and its state.
 */
import type { Store } from '../store/store-types.js';
import type { TeamsDirectory } from '../teams/directory/teams-directory.js';
import { signedInAgent } from './agent-auth.js';
import { sendJson, type HttpApi } from './http-api.js';
import {
  TEAMS_DIRECTORY_LIMIT_DEFAULT,
  TEAMS_DIRECTORY_LIMIT_MAX,
  TEAMS_DIRECTORY_PATH,
  type TeamsDirectoryResponse,
} from './teams-directory-api-types.js';

export interface TeamsDirectoryApiDeps {
  readonly store: () => Store;
  /** The running directory, or null when Teams' directory is off. */
  readonly directory: () => Pick<TeamsDirectory, 'search' | 'health'> | null;
}

export function registerTeamsDirectoryApi(http: HttpApi, deps: TeamsDirectoryApiDeps): void {
  http.route('GET', TEAMS_DIRECTORY_PATH, async (request, response) => {
    const agent = await signedInAgent(request, response, deps.store());
    if (!agent) return;
    const directory = deps.directory();
    if (!directory) {
      sendJson(response, 503, { error: 'the Teams directory is not configured (teams.graph.directory)' });
      return;
    }
    const params = new URL(request.url ?? '/', 'http://local').searchParams;
    const limitText = params.get('limit');
    let limit = TEAMS_DIRECTORY_LIMIT_DEFAULT;
    if (limitText !== null) {
      if (
        !/^\d{1,4}$/.test(limitText) ||
        Number(limitText) < 1 ||
        Number(limitText) > TEAMS_DIRECTORY_LIMIT_MAX
      ) {
        sendJson(response, 400, {
          error: `limit: expected a whole number from 1 to ${TEAMS_DIRECTORY_LIMIT_MAX}`,
        });
        return;
      }
      limit = Number(limitText);
    }
    const query = params.get('q') ?? '';
    if (query.length > 200) {
      sendJson(response, 400, { error: 'q: at most 200 characters' });
      return;
    }
    const health = directory.health();
    const body: TeamsDirectoryResponse = {
      users: directory.search(query, limit),
      state: health.state,
      stale: health.stale,
      loadedAt: health.lastLoadedAt,
    };
    sendJson(response, 200, body);
  });
}
