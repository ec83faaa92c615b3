/**
 * Reads every enabled user with a phone number from Graph `/users`, following `@odata.nextLink`
 * page after page ("the @odata.nextLink ... contains the URL of the next page": Graph paging).
 * Stops at `maxUsers`, and refuses a link seen twice (a loop would never end).
 */
import type { GraphApi } from '../graph/graph-api.js';
import { GraphRequestError } from '../graph/graph-presence-client.js';
import { DIRECTORY_USER_FIELDS, directoryUserOf, type DirectoryUser } from './directory-user.js';

/** Graph returns at most 999 users per page for /users. */
const PAGE_SIZE = 999;

export interface UserPages {
  /** All users with a number, and how many pages it took. */
  fetchAll(maxUsers: number): Promise<{ users: DirectoryUser[]; pages: number }>;
}

export class GraphUserPages implements UserPages {
  constructor(private readonly api: Pick<GraphApi, 'get'>) {}

  async fetchAll(maxUsers: number): Promise<{ users: DirectoryUser[]; pages: number }> {
    const users: DirectoryUser[] = [];
    const seen = new Set<string>();
    let link: string | null = `/users?$select=${DIRECTORY_USER_FIELDS.join(',')}&$top=${PAGE_SIZE}`;
    let pages = 0;
    while (link !== null && users.length < maxUsers) {
      if (seen.has(link)) throw new GraphRequestError('Graph sent the same page link twice', 200, null);
      seen.add(link);
      const page = (await this.api.get(link)) as { value?: unknown; '@odata.nextLink'?: unknown } | null;
      pages++;
      if (!Array.isArray(page?.value))
        throw new GraphRequestError('Graph answered without a user list', 200, null);
      for (const raw of page.value) {
        const user = directoryUserOf(raw);
        if (user && users.length < maxUsers) users.push(user);
      }
      const next = page['@odata.nextLink'];
      link = typeof next === 'string' && next !== '' ? next : null;
    }
    return { users, pages };
  }
}
