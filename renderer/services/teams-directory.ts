/**
 * Teams users an agent can transfer to (GET /api/teams/directory?q=, server/api/teams-directory-api-types.ts),
 * with their Direct Routing numbers and live presence, asked with the agent's Basic credentials, which the
 * desk keeps in memory only. A server without a Teams directory answers 503: that is "no Teams directory
 * here" (null), not an error, so the desk simply shows none.
 */
import * as z from 'zod/mini';
import { TEAMS_DIRECTORY_PATH } from '../../server/api/teams-directory-api-types.js';
import type { Credentials, FetchLike } from './agent-api.js';
import { apiTarget, authorizedJsonRequest } from './authorized-request.js';

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
  const target = apiTarget(options, 5_000, () => new TeamsDirectoryError(-1));
  return async (query) => {
    const search = new URLSearchParams({ q: query.trim().slice(0, 200), limit: String(LIMIT) });
    const response = await authorizedJsonRequest(target, 'GET', `${TEAMS_DIRECTORY_PATH}?${search}`);
    if (response.status === 503) return null;
    if (!response.ok) throw new TeamsDirectoryError(response.status);
    const parsed = responseSchema.safeParse(response.payload);
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
