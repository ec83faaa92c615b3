/**
 * Both fakes of Microsoft, sharing one test CA, started and stopped together; and Tandem's settings that
 * point it at them (in-process configuration, or the built server's environment).
 */
import {
  teamsConfigSchema,
  type TeamsPresenceConfig,
} from '../../../server/shared/config/teams-config-schema.js';
import { FakeGraph, type FakeUser } from './fake-graph.js';
import { FakeIdentityPlatform, type FakeApp } from './fake-identity-platform.js';
import { makeTestCertificates, type TestCertificates } from './test-ca.js';

export const FAKE_APP: FakeApp = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: '6f1c2a34-1111-4b22-9c33-0123456789ab',
  clientSecret: 'fake-secret',
};

export interface FakeMicrosoft {
  readonly certificates: TestCertificates;
  readonly identity: FakeIdentityPlatform;
  readonly graph: FakeGraph;
  close(): Promise<void>;
}

export async function startFakeMicrosoft(users: readonly FakeUser[] = []): Promise<FakeMicrosoft> {
  const certificates = await makeTestCertificates();
  const identity = await FakeIdentityPlatform.start(certificates, FAKE_APP);
  const graph = await FakeGraph.start(certificates, {
    acceptToken: (token) => identity.isIssued(token),
    users,
  });
  return {
    certificates,
    identity,
    graph,
    close: async () => {
      await Promise.all([graph.close(), identity.close()]);
      await certificates.dispose();
    },
  };
}

/**
 * teams.presence pointed at these fakes, app-only as FAKE_APP, with the default gate. It polls every
 * 200 ms, faster than the schema allows (2 s minimum), to keep the tests short. Tandem is told to trust
 * the test CA apart (`caPem`, or `caFile` in `overrides`).
 */
export function presenceConfigFor(
  microsoft: FakeMicrosoft,
  overrides: Partial<TeamsPresenceConfig> = {},
): TeamsPresenceConfig {
  return {
    enabled: true,
    ...FAKE_APP,
    intervalSeconds: 0.2,
    staleAfterSeconds: 120,
    whenStale: 'offer',
    whenUnknown: 'offer',
    authorityHost: microsoft.identity.origin,
    graphBaseUrl: microsoft.graph.origin,
    ...overrides,
  };
}

/** teams.presence as shipped (every setting at its default): off. */
export const PRESENCE_OFF: TeamsPresenceConfig = teamsConfigSchema.parse({}).presence;

/**
 * The built server's environment for teams.presence toward these fakes, trusting the test CA; how
 * often it polls is each test's own (`TANDEM_TEAMS_PRESENCE_INTERVAL_SECONDS`).
 */
export function presenceEnvFor(microsoft: FakeMicrosoft): Record<string, string> {
  return {
    TANDEM_TEAMS_PRESENCE_ENABLED: 'true',
    TANDEM_TEAMS_PRESENCE_TENANT_ID: FAKE_APP.tenantId,
    TANDEM_TEAMS_PRESENCE_CLIENT_ID: FAKE_APP.clientId,
    TANDEM_TEAMS_PRESENCE_CLIENT_SECRET: FAKE_APP.clientSecret,
    TANDEM_TEAMS_PRESENCE_AUTHORITY_HOST: microsoft.identity.origin,
    TANDEM_TEAMS_PRESENCE_GRAPH_BASE_URL: microsoft.graph.origin,
    TANDEM_TEAMS_PRESENCE_CA_FILE: microsoft.certificates.caFile,
  };
}

/**
 * The built server's environment for agents' Microsoft sign-in through the fake identity platform, as
 * a public client (the desktop app's way); the web's redirect flow adds the client secret.
 */
export function signInEnvFor(microsoft: FakeMicrosoft): Record<string, string> {
  return {
    TANDEM_TEAMS_SIGN_IN_ENABLED: 'true',
    TANDEM_TEAMS_SIGN_IN_CLIENT_ID: FAKE_APP.clientId,
    TANDEM_TEAMS_SIGN_IN_TENANTS: JSON.stringify([FAKE_APP.tenantId]),
    TANDEM_TEAMS_SIGN_IN_AUTHORITY: microsoft.identity.origin,
    TANDEM_TEAMS_SIGN_IN_CA_FILE: microsoft.certificates.caFile,
  };
}
