/** Contract of `GET /api/teams/directory?q=&limit=`: Teams users an agent can transfer to. */

export const TEAMS_DIRECTORY_PATH = '/api/teams/directory';
export const TEAMS_DIRECTORY_LIMIT_DEFAULT = 50;
export const TEAMS_DIRECTORY_LIMIT_MAX = 200;

export interface TeamsDirectoryEntry {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string | null;
  readonly mail: string | null;
  readonly jobTitle: string | null;
  readonly department: string | null;
  /** E.164 numbers the trunk can dial. */
  readonly phoneNumbers: readonly string[];
  readonly presence: { availability: string; activity: string; observedAt: number } | null;
}

export interface TeamsDirectoryResponse {
  readonly users: readonly TeamsDirectoryEntry[];
  /** ready | empty | failed; `stale` when the last refresh failed and older data is shown. */
  readonly state: string;
  readonly stale: boolean;
  readonly loadedAt: number | null;
}
