/** Both fakes of Microsoft, sharing one test CA, started and stopped together. */
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
