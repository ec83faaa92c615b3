/**
 * Teams users an agent can transfer to (GET /api/teams/directory?q=, server/api/teams-directory-api-types.ts),
 * with their Direct Routing numbers and live presence, asked with the agent's Basic credentials, which the
 * desk keeps in memory only. A server without a Teams directory answers 503: that is "no Teams directory
 * here" (null), not an error, so the desk simply shows none.
 */
import * as z from 'zod/mini';
import { TEAMS_DIRECTORY_PATH } from '../../server/api/teams-directory-api-types.js';
import { basicAuthorization, type Credentials, type FetchLike } from './agent-api.js';

const userSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  jobTitle: z.nullable(z.string()),
  department: z.nullable(z.string()),
  phoneNumbers: z.array(z.string()),
  presence: z.nullable(z.object({ availability: z.string(), activity: z.string() })),
});

const responseSchema = z.object({ users: z.array(userSchema) });

/** One Teams user as the desk shows it; `phoneNumbers[0]` is what a transfer dials. */
export type TeamsDirectoryUser = z.infer<typeof userSchema>;

/** Matching users, or null when the server has no Teams directory (503). */
export type TeamsDirectorySearch = (query: string) => Promise<TeamsDirectoryUser[] | null>;

/** The directory answered something unusable (`status` 0), refused (401, 400 ...) or was unreachable (-1). */
export class TeamsDirectoryError extends Error {
  override readonly name = 'TeamsDirectoryError';

  constructor(readonly status: number) {
    super(`Teams directory: ${status === -1 ? 'server unreachable' : `HTTP ${status}`}`);
  }
}

/** How many users the desk lists at most. */
const LIMIT = 10;

export function createTeamsDirectorySearch(options: {
  serverBaseUrl: string;
  credentials: Credentials;
  fetch?: FetchLike;
  timeoutMs?: number;
}): TeamsDirectorySearch {
  const send = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  const authorization = basicAuthorization(options.credentials);
  return async (query) => {
    const url = new URL(TEAMS_DIRECTORY_PATH, options.serverBaseUrl);
    url.searchParams.set('q', query.trim().slice(0, 200));
    url.searchParams.set('limit', String(LIMIT));
    let response: Response;
    try {
      response = await send(url.href, {
        method: 'GET',
        headers: { Authorization: authorization, Accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        credentials: 'omit',
      });
    } catch {
      throw new TeamsDirectoryError(-1);
    }
    if (response.status === 503) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TeamsDirectoryError(response.status);
    }
    const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new TeamsDirectoryError(0);
    return parsed.data.users.filter((user) => user.phoneNumbers.length > 0);
  };
}

/** Graph's availability values, folded into the few the desk names. */
export type TeamsPresenceName = 'available' | 'busy' | 'doNotDisturb' | 'away' | 'offline' | 'unknown';

export function teamsPresenceName(presence: TeamsDirectoryUser['presence']): TeamsPresenceName {
  switch (presence?.availability) {
    case 'Available':
    case 'AvailableIdle':
      return 'available';
    case 'Busy':
    case 'BusyIdle':
      return 'busy';
    case 'DoNotDisturb':
      return 'doNotDisturb';
    case 'Away':
    case 'BeRightBack':
      return 'away';
    case 'Offline':
      return 'offline';
    default:
      return 'unknown';
  }
}
