/**
 * Tandem's Direct Routing trunk toward the scripted stand-ins for Microsoft's three SIP proxies
 * (fake-microsoft/fake-teams-sip-proxy.ts), over TLS on 127.0.0.1: the proxies' names resolve to this
 * machine through the trunk's resolver, and every certificate is checked by name, as in production.
 */
import type { Logger } from '../../server/shared/logger.js';
import { directRoutingSchema } from '../../server/shared/config/direct-routing-config-schema.js';
import { DirectRoutingTrunk } from '../../server/trunks/direct-routing/direct-routing-trunk.js';
import { FakeTeamsSipProxy } from './fake-microsoft/fake-teams-sip-proxy.js';
import type { NamedCertificate } from './fake-microsoft/named-test-certificates.js';

export const PROXY_NAMES = [
  'sip.pstnhub.microsoft.com',
  'sip2.pstnhub.microsoft.com',
  'sip3.pstnhub.microsoft.com',
];

/** Microsoft's three proxies, each on a port of its own, showing `certificate` (issued for PROXY_NAMES). */
export async function startFakeProxies(
  certificate: NamedCertificate,
  caFile: string,
): Promise<FakeTeamsSipProxy[]> {
  const proxies = PROXY_NAMES.map((name) => new FakeTeamsSipProxy(name, certificate, caFile));
  for (const proxy of proxies) await proxy.start();
  return proxies;
}

/**
 * The trunk (not started yet) toward `proxies`, with `settings` as teams.directRouting in tandem.yaml
 * (`tenants`, `caFile` and whatever the test needs) on an ephemeral port.
 */
export function trunkTowardFakeProxies(
  proxies: readonly FakeTeamsSipProxy[],
  settings: Record<string, unknown>,
  logger: Logger,
): DirectRoutingTrunk {
  const config = directRoutingSchema.parse({
    enabled: true,
    listen: { host: '127.0.0.1', port: 5067 },
    proxies: proxies.map((proxy) => `${proxy.name}:${proxy.port}`),
    ...settings,
  });
  // An ephemeral port: the schema wants a real one, the test takes what the system gives.
  config.listen.port = 0;
  return new DirectRoutingTrunk({
    config,
    version: '0.1.0',
    logger,
    // Every Microsoft name is this machine in the test; anything else must not be looked up.
    resolve: async (name) => {
      if (!PROXY_NAMES.includes(name)) throw new Error(`unexpected name lookup: ${name}`);
      return '127.0.0.1';
    },
    // Timer F = 64 * T1 = 3.2 s: an unanswered OPTIONS fails within a test's time.
    timers: { T1: 50, T2: 400, T4: 500 },
  });
}
