/**
 * `GET /v1.0/users` on the fake Graph: `$select`, `$top` (at most 999, Graph's limit for users)
 * and paging through `@odata.nextLink` with an opaque `$skiptoken`, as Graph pages users.
 */
import { graphError, type FakeGraph, type FakeUser } from './fake-graph.js';

export function serveUserPages(
  graph: FakeGraph,
  options: { pageSize?: number } = {},
): { pagesServed: () => number } {
  let pagesServed = 0;
  graph.use(({ method, url, answer }) => {
    if (method !== 'GET' || url.pathname !== '/v1.0/users') return false;
    const top = Number(url.searchParams.get('$top') ?? '100');
    if (!Number.isInteger(top) || top < 1 || top > 999) {
      answer(400, graphError('Request_UnsupportedQuery', 'Invalid page size specified'));
      return true;
    }
    const pageSize = Math.min(top, options.pageSize ?? top);
    const skipToken = url.searchParams.get('$skiptoken');
    const offset = skipToken === null ? 0 : Number(Buffer.from(skipToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) {
      answer(400, graphError('Request_BadRequest', 'bad skip token'));
      return true;
    }
    const select = url.searchParams.get('$select')?.split(',');
    const users = graph.allUsers.slice(offset, offset + pageSize).map((user) => selected(user, select));
    const next = offset + pageSize < graph.allUsers.length ? offset + pageSize : null;
    const nextLink = new URL(url.toString().replace('https://fake', graph.origin));
    nextLink.searchParams.set('$skiptoken', Buffer.from(String(next)).toString('base64url'));
    pagesServed++;
    answer(200, {
      '@odata.context': `${graph.origin}/v1.0/$metadata#users`,
      value: users,
      ...(next === null ? {} : { '@odata.nextLink': nextLink.toString() }),
    });
    return true;
  });
  return { pagesServed: () => pagesServed };
}

function selected(user: FakeUser, select: readonly string[] | undefined): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: user.id,
    displayName: user.displayName ?? null,
    userPrincipalName: user.userPrincipalName ?? null,
    mail: user.mail ?? null,
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    businessPhones: user.businessPhones ?? [],
    mobilePhone: user.mobilePhone ?? null,
    accountEnabled: user.accountEnabled ?? true,
  };
  if (!select) return full;
  return Object.fromEntries(select.map((field) => [field, full[field] ?? null]));
}
