import { describe, expect, it } from 'vitest';
import type { FetchLike } from './agent-api.js';
import { createTeamsDirectorySearch, TeamsDirectoryError, teamsPresenceName } from './teams-directory.js';

const megan = {
  id: 'u-1',
  displayName: 'Megan Bowen',
  userPrincipalName: 'megan@contoso.example',
  mail: null,
  jobTitle: 'Billing expert',
  department: 'Finance',
  phoneNumbers: ['+14255550100'],
  presence: { availability: 'Available', activity: 'Available', observedAt: 1 },
};

function serverAnswering(status: number, body: unknown) {
  const asked: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    asked.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  return {
    asked,
    search: createTeamsDirectorySearch({
      serverBaseUrl: 'http://127.0.0.1:8080',
      credentials: { username: 'alice', password: 'demo' },
      fetch,
    }),
  };
}

describe('searching the Teams directory from the desk', () => {
  it('asks with the agent’s credentials and lists users who have a number to dial', async () => {
    const { asked, search } = serverAnswering(200, {
      users: [megan, { ...megan, id: 'u-2', displayName: 'No Number', phoneNumbers: [] }],
      state: 'ready',
      stale: false,
      loadedAt: 1,
    });
    const users = await search(' megan ');
    expect(users?.map((user) => user.displayName)).toEqual(['Megan Bowen']);
    const url = new URL(asked[0]!.url);
    expect(url.pathname).toBe('/api/teams/directory');
    expect(url.searchParams.get('q')).toBe('megan');
    expect((asked[0]!.init.headers as Record<string, string>).Authorization).toBe(
      `Basic ${btoa('alice:demo')}`,
    );
  });

  it('takes 503 as "this server has no Teams directory"', async () => {
    await expect(serverAnswering(503, { error: 'not configured' }).search('x')).resolves.toBeNull();
  });

  it('refuses a wrong answer or a refusal with a clear error', async () => {
    await expect(serverAnswering(200, { users: [{ id: 1 }] }).search('x')).rejects.toEqual(
      new TeamsDirectoryError(0),
    );
    await expect(serverAnswering(401, { error: 'no' }).search('x')).rejects.toMatchObject({ status: 401 });
    const unreachable = createTeamsDirectorySearch({
      serverBaseUrl: 'http://127.0.0.1:1',
      credentials: { username: 'a', password: 'b' },
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(unreachable('x')).rejects.toMatchObject({ status: -1 });
  });

  it('names Graph’s availability in the few words the desk shows', () => {
    expect(teamsPresenceName({ availability: 'BusyIdle', activity: 'InACall' })).toBe('busy');
    expect(teamsPresenceName({ availability: 'BeRightBack', activity: 'Away' })).toBe('away');
    expect(teamsPresenceName(null)).toBe('unknown');
  });
});
