/**
 * The Teams directory against the fake Graph over HTTPS: 2,300 users read in three pages through
 * @odata.nextLink, those without a dialable number or disabled left out, searched by name and by
 * number with live presence, and served to a signed-in agent by GET /api/teams/directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerTeamsDirectoryApi } from '../../server/api/teams-directory-api.js';
import type { TeamsDirectoryResponse } from '../../server/api/teams-directory-api-types.js';
import { startTestHttpApi } from '../../server/api/testing/http-api.fixture.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { seedDemoTenant } from '../../server/store/seed-demo-tenant.js';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { createTeamsDirectory } from '../../server/teams/directory/teams-directory-factory.js';
import type { TeamsDirectory } from '../../server/teams/directory/teams-directory.js';
import { waitUntil } from '../support/browser-agent/wait-until.node.js';
import { serveUserPages } from '../support/fake-microsoft/fake-graph-users.js';
import {
  presenceConfigFor,
  startFakeMicrosoft,
  type FakeMicrosoft,
} from '../support/fake-microsoft/fake-microsoft.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const EXPERT = uuid(0xe1);

function tenantUsers() {
  const users = Array.from({ length: 2_300 }, (_, index) => ({
    id: uuid(index + 0x1000),
    displayName: `User ${index}`,
    userPrincipalName: `user${index}@contoso.example`,
    businessPhones: index % 2 === 0 ? [`+1 (555) 2${String(index).padStart(5, '0')}`] : [],
  }));
  users.push(
    {
      id: EXPERT,
      displayName: 'Zoë Müller',
      userPrincipalName: 'zoe@contoso.example',
      businessPhones: ['+49 30 1234-5678 ext. 12'],
    },
    {
      id: uuid(0xe2),
      displayName: 'Zoe Disabled',
      userPrincipalName: 'old@contoso.example',
      businessPhones: ['+4930999'],
      accountEnabled: false,
    } as never,
    {
      id: uuid(0xe3),
      displayName: 'Zoe Local',
      userPrincipalName: 'local@contoso.example',
      businessPhones: ['030 1234'],
    },
  );
  return users;
}

async function startDirectory(microsoft: FakeMicrosoft): Promise<TeamsDirectory> {
  const directory = createTeamsDirectory(
    presenceConfigFor(microsoft, { enabled: false }),
    { enabled: true, refreshMinutes: 15, maxUsers: 20_000 },
    { caPem: microsoft.certificates.caPem, logger: createRootLogger({ level: 'silent' }) },
  );
  cleanups.push(() => directory.close());
  await directory.start();
  return directory;
}

describe('Teams directory (fake Graph on 127.0.0.1)', () => {
  it('reads every page, keeps users with a dialable number, and finds them by name and number with presence', async () => {
    const microsoft = await startFakeMicrosoft(tenantUsers());
    cleanups.push(() => microsoft.close());
    const pages = serveUserPages(microsoft.graph, { pageSize: 1_000 });
    microsoft.graph.setPresence(EXPERT, 'Busy', 'InAMeeting');

    const directory = await startDirectory(microsoft);

    expect(pages.pagesServed()).toBe(3);
    expect(directory.health()).toMatchObject({ state: 'ready', users: 1_151, lastError: null });
    expect(directory.search('zoe').map((user) => [user.displayName, user.phoneNumbers])).toEqual([
      ['Zoë Müller', ['+493012345678']],
    ]);
    expect(directory.search('MÜLLER')[0]?.id).toBe(EXPERT);
    expect(directory.search('2 00042').map((user) => user.displayName)).toEqual(['User 42']);
    expect(directory.search('user 1', 5)).toHaveLength(5);
    expect(directory.search('nobody-like-this')).toEqual([]);
    const withPresence = await waitUntil(
      async () => directory.search('zoe')[0]!,
      (hit) => hit.presence !== null,
      { timeoutMs: 8_000, intervalMs: 20, awaiting: 'the expert’s presence' },
    );
    expect(withPresence.presence).toMatchObject({ availability: 'Busy', activity: 'InAMeeting' });
    microsoft.graph.setPresence(EXPERT, 'Available', 'Available');
    await waitUntil(
      async () => directory.search('zoe')[0]!.presence?.activity,
      (activity) => activity === 'Available',
      { timeoutMs: 8_000, intervalMs: 20, awaiting: 'the expert to show available' },
    );
  });

  it('keeps the last list when a refresh fails, and reports a first load that failed', async () => {
    const microsoft = await startFakeMicrosoft(tenantUsers().slice(-3));
    cleanups.push(() => microsoft.close());
    // No /users route yet: Graph answers 404, the load fails, searching answers nothing.
    const directory = await startDirectory(microsoft);
    expect(directory.health()).toMatchObject({ state: 'failed', users: 0 });
    expect(directory.health().lastError).toMatch(/404/);
    expect(directory.search('')).toEqual([]);
    serveUserPages(microsoft.graph);
    await directory.refresh();
    expect(directory.health()).toMatchObject({ state: 'ready', users: 1, stale: false });
  });

  it('serves GET /api/teams/directory to signed-in agents only', async () => {
    const microsoft = await startFakeMicrosoft(tenantUsers().slice(-3));
    cleanups.push(() => microsoft.close());
    serveUserPages(microsoft.graph);
    const directory = await startDirectory(microsoft);
    const dir = mkdtempSync(join(tmpdir(), 'tandem-directory-'));
    const store = SqliteStore.open(join(dir, 'tandem.db'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => store.close());
    seedDemoTenant(store, 'tandem');
    let configured = false;
    const { http, origin } = await startTestHttpApi((http) =>
      registerTeamsDirectoryApi(http, {
        store: () => store,
        directory: () => (configured ? directory : null),
      }),
    );
    cleanups.push(() => http.stop());
    const base = `${origin}/api/teams/directory`;
    const alice = { authorization: `Basic ${Buffer.from('alice:demo').toString('base64')}` };

    expect((await fetch(`${base}?q=zoe`)).status).toBe(401);
    expect((await fetch(`${base}?q=zoe`, { headers: alice })).status).toBe(503);
    configured = true;
    const answer = await fetch(`${base}?q=${encodeURIComponent('müller')}`, { headers: alice });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as TeamsDirectoryResponse;
    expect(body).toMatchObject({ state: 'ready', stale: false });
    expect(body.users.map((user) => [user.id, user.phoneNumbers])).toEqual([[EXPERT, ['+493012345678']]]);
    expect((await fetch(`${base}?limit=0`, { headers: alice })).status).toBe(400);
    expect((await fetch(`${base}?limit=abc`, { headers: alice })).status).toBe(400);
  });
});
