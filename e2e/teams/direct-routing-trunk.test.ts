/**
 * The Direct Routing trunk against scripted stand-ins for Microsoft's three SIP proxies, over TLS on
 * 127.0.0.1 with a test CA: proxy names resolve to 127.0.0.1 through the trunk's resolver and every
 * certificate is checked by name, as in production. Two tenants share one Tandem.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../server/shared/logger.js';
import { ProxyHealth } from '../../server/teams/direct-routing/direct-routing-types.js';
import type { DirectRoutingTrunk } from '../../server/trunks/direct-routing/direct-routing-trunk.js';
import { waitUntil as pollUntil } from '../support/browser-agent/wait-until.node.js';
import { PROXY_NAMES, startFakeProxies, trunkTowardFakeProxies } from '../support/direct-routing-trunk.js';
import type { FakeTeamsSipProxy } from '../support/fake-microsoft/fake-teams-sip-proxy.js';
import {
  makeNamedCertificateAuthority,
  type NamedCertificate,
  type NamedCertificateAuthority,
} from '../support/fake-microsoft/named-test-certificates.js';

const CONTOSO = 'sbc.contoso.test';
const FABRIKAM = 'sbc.fabrikam.test';
const logger = createRootLogger({ level: 'silent' });

let ca: NamedCertificateAuthority;
let proxyCertificate: NamedCertificate;
let tenants: { fqdn: string; certFile: string; keyFile: string }[];
let proxies: FakeTeamsSipProxy[] = [];
let trunk: DirectRoutingTrunk | null = null;

beforeAll(async () => {
  ca = await makeNamedCertificateAuthority();
  proxyCertificate = await ca.issue('pstnhub', PROXY_NAMES);
  tenants = [];
  for (const fqdn of [CONTOSO, FABRIKAM]) tenants.push({ fqdn, ...(await ca.issue(fqdn, [fqdn])) });
});

afterAll(async () => {
  await ca?.dispose();
});

afterEach(async () => {
  await trunk?.stop();
  trunk = null;
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  proxies = [];
});

async function startProxies(): Promise<FakeTeamsSipProxy[]> {
  proxies = await startFakeProxies(proxyCertificate, ca.caFile);
  return proxies;
}

async function startTrunk(overrides: Record<string, unknown> = {}): Promise<DirectRoutingTrunk> {
  trunk = trunkTowardFakeProxies(proxies, { tenants, caFile: ca.caFile, ...overrides }, logger);
  await trunk.start();
  return trunk;
}

/** Polls a condition every 50 ms; the error says what was awaited. */
const waitUntil = (condition: () => boolean, timeoutMs: number, awaiting = 'the condition') =>
  pollUntil(async () => condition(), Boolean, { timeoutMs, intervalMs: 50, awaiting });

const healthOf = (trunk: DirectRoutingTrunk, tenant: string, proxy: string) =>
  trunk.proxyStatuses().find((status) => status.tenant === tenant && status.proxy === proxy)?.health;

describe('Direct Routing trunk toward fake Microsoft proxies', () => {
  it('sends OPTIONS to every proxy for every tenant, each with its own certificate, FQDN Contact and X-MS-SBC', async () => {
    await startProxies();
    const trunk = await startTrunk();
    await waitUntil(() => proxies.every((proxy) => proxy.optionsReceived().length >= 2), 10_000);
    for (const proxy of proxies) {
      const byTenant = new Map(proxy.optionsReceived().map((request) => [request.header('From'), request]));
      for (const tenant of [CONTOSO, FABRIKAM]) {
        const request = [...byTenant.entries()].find(([from]) => from?.includes(`sip:${tenant}`))?.[1];
        expect(request, `${tenant} -> ${proxy.name}`).toBeDefined();
        expect(request!.uri).toBe(`sip:${proxy.name}:${proxy.port};transport=tls`);
        expect(request!.sni).toBe(proxy.name);
        expect(request!.clientCertificateNames).toBe(`DNS:${tenant}`);
        expect(request!.header('Contact')).toBe(`<sip:${tenant}:${trunk.listening.port};transport=tls>`);
        expect(request!.header('Contact')).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
        expect(request!.header('X-MS-SBC')).toBe('Tandem/ContactCenter/0.1.0');
        expect(request!.header('Allow')).toMatch(/\bREFER\b/);
      }
    }
    await waitUntil(
      () => trunk.proxyStatuses().every((status) => status.health === ProxyHealth.Active),
      10_000,
    );
    expect(trunk.proxyStatuses()).toHaveLength(6);
  });

  it("answers Microsoft's OPTIONS with 200, the certificate of the tenant named in SNI and that tenant's Contact", async () => {
    const [proxy] = await startProxies();
    const trunk = await startTrunk({ optionsIntervalSeconds: 3600 });
    for (const tenant of [CONTOSO, FABRIKAM]) {
      const { response, serverCertificateNames } = await proxy!.sendOptions(
        { host: '127.0.0.1', port: trunk.listening.port, sni: tenant },
        proxyCertificate,
      );
      expect(serverCertificateNames).toBe(`DNS:${tenant}`);
      expect(response).toMatch(/^SIP\/2\.0 200 /);
      expect(response).toContain(`Contact: <sip:${tenant}:${trunk.listening.port};transport=tls>`);
      expect(response).toContain('X-MS-SBC: Tandem/ContactCenter/0.1.0');
      expect(response).toMatch(/^Allow: .*\bREFER\b/m);
    }
  });

  it('refuses a TLS peer that shows no certificate the CA bundle trusts', async () => {
    const [proxy] = await startProxies();
    const trunk = await startTrunk({ optionsIntervalSeconds: 3600 });
    await expect(
      proxy!.sendOptions({ host: '127.0.0.1', port: trunk.listening.port, sni: CONTOSO }),
    ).rejects.toThrow();
  });

  it('marks a proxy warning then down when it stops answering, and active when it answers again', async () => {
    const [first] = await startProxies();
    const trunk = await startTrunk({
      tenants: tenants.slice(0, 1),
      optionsIntervalSeconds: 1,
      downAfterFailures: 2,
    });
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Active,
      10_000,
      `${first!.name} active`,
    );
    first!.behaviour = { kind: 'silent' };
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Warning,
      10_000,
      `${first!.name} warning`,
    );
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Down,
      10_000,
      `${first!.name} down`,
    );
    expect(healthOf(trunk, CONTOSO, PROXY_NAMES[1]!)).toBe(ProxyHealth.Active);
    first!.behaviour = { kind: 'answer', status: 200 };
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Active,
      10_000,
      `${first!.name} active`,
    );
  }, 30_000);

  it('goes down when the proxy is gone altogether and active when it is back on the same port', async () => {
    const [first] = await startProxies();
    const trunk = await startTrunk({
      tenants: tenants.slice(0, 1),
      optionsIntervalSeconds: 1,
      downAfterFailures: 2,
    });
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Active,
      10_000,
      `${first!.name} active`,
    );
    const port = first!.port;
    await first!.stop();
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Down,
      10_000,
      `${first!.name} down`,
    );
    await first!.start(port);
    await waitUntil(
      () => healthOf(trunk, CONTOSO, first!.name) === ProxyHealth.Active,
      10_000,
      `${first!.name} active`,
    );
  }, 30_000);

  it('fails over in order: 503 + Retry-After, then a dead proxy, then the one that answers; 603 stops', async () => {
    const [sip, sip2, sip3] = await startProxies();
    sip!.behaviour = { kind: 'answer', status: 503, headers: { 'Retry-After': '30' } };
    await sip2!.stop();
    const trunk = await startTrunk({ optionsIntervalSeconds: 3600, downAfterFailures: 3 });
    const send = () => trunk.send(CONTOSO, (proxy) => trunk.buildOptions(CONTOSO, proxy));

    const first = await send();
    expect(first.kind).toBe('answered');
    expect(first.tries).toEqual([
      { proxy: sip!.name, outcome: 503 },
      { proxy: sip2!.name, outcome: 'transport-error' },
      { proxy: sip3!.name, outcome: 200 },
    ]);

    // sip is held off for its Retry-After: it comes last now.
    sip3!.behaviour = { kind: 'answer', status: 603 };
    const second = await send();
    expect(second.kind).toBe('stopped');
    expect(second.tries).toEqual([
      { proxy: sip2!.name, outcome: 'transport-error' },
      { proxy: sip3!.name, outcome: 603 },
    ]);
  });
});
