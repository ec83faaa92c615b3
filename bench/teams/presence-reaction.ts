/**
 * Presence reaction time: from a presence change at the fake Graph to the routing gate's command
 * reaching the engine, pushed (change notification, encrypted, decrypted) and, for reference in
 * the same run, polled every 2 s (the schema's shortest interval). Bounded: 40 changes each.
 *
 *   npm run bench:presence
 */
import { HealthRegistry } from '../../server/api/health-registry.js';
import { HttpApi } from '../../server/api/http-api.js';
import { systemClock } from '../../server/routing/clock.js';
import { PresenceFeeder } from '../../server/routing/presence/presence-feeder.js';
import { PresenceGate } from '../../server/routing/presence/presence-gate.js';
import type { PresenceSource } from '../../server/routing/presence/presence-source-types.js';
import { createRootLogger } from '../../server/shared/logger.js';
import { createMetricsRegistry } from '../../server/shared/metrics.js';
import { GraphApi } from '../../server/teams/graph/graph-api.js';
import { GraphPresenceClient } from '../../server/teams/graph/graph-presence-client.js';
import { GraphPresencePoller } from '../../server/teams/graph/graph-presence-poller.js';
import { GraphTokenProvider } from '../../server/teams/graph/graph-token-provider.js';
import { HttpsTransport } from '../../server/teams/graph/https-request.js';
import { NotificationCertificate } from '../../server/teams/graph/notification-crypto.js';
import {
  PRESENCE_NOTIFICATION_PATH,
  PresenceNotificationEndpoint,
} from '../../server/teams/graph/presence-notification-endpoint.js';
import { PresencePushSource } from '../../server/teams/graph/presence-push-source.js';
import { FakeGraphSubscriptions } from '../../e2e/support/fake-microsoft/fake-graph-subscriptions.js';
import { FAKE_APP, startFakeMicrosoft } from '../../e2e/support/fake-microsoft/fake-microsoft.js';
import { makeNotificationCertificate } from '../../e2e/support/fake-microsoft/notification-certificate.js';
import { percentile } from '../support/percentiles.js';

const ALICE = '00000000-0000-4000-8000-0000000a11ce';
const CHANGES = 40;
const silent = createRootLogger({ level: 'silent' });
const say = (line: string) => process.stdout.write(`${line}\n`);

async function measure(
  source: PresenceSource,
  setPresence: (activity: string) => void,
  ready: () => boolean,
) {
  let reacted: (() => void) | null = null;
  const feeder = new PresenceFeeder({
    source,
    gate: new PresenceGate(),
    clock: systemClock,
    send: () => {
      reacted?.();
      return true;
    },
  });
  feeder.setAgents([{ agentId: 'alice', teamsUserId: ALICE }]);
  const deadline = Date.now() + 15_000;
  while (!ready() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const samples: number[] = [];
  for (let index = 0; index < CHANGES; index++) {
    const start = performance.now();
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reaction within 10 s')), 10_000);
      reacted = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    setPresence(index % 2 === 0 ? 'InAMeeting' : 'Available');
    await done;
    samples.push(performance.now() - start);
    reacted = null;
  }
  feeder.close();
  return samples;
}

async function main(): Promise<void> {
  const microsoft = await startFakeMicrosoft([{ id: ALICE }]);
  const subscriptions = new FakeGraphSubscriptions(microsoft.graph);
  const rsa = await makeNotificationCertificate();
  const endpoint = new PresenceNotificationEndpoint(silent);
  const http = new HttpApi({
    host: '127.0.0.1',
    port: 0,
    webRoot: null,
    health: new HealthRegistry({ node: 'bench', version: '0' }),
    metrics: createMetricsRegistry({ node: 'bench', version: '0' }),
    logger: silent,
  });
  http.route('POST', PRESENCE_NOTIFICATION_PATH, (request, response) => endpoint.handle(request, response));
  await http.start();
  const transport = new HttpsTransport(microsoft.certificates.caPem);
  const tokens = new GraphTokenProvider({
    ...FAKE_APP,
    authorityHost: microsoft.identity.origin,
    caPem: microsoft.certificates.caPem,
  });
  const fetcher = new GraphPresenceClient({ tokens, transport, baseUrl: microsoft.graph.origin });
  const delegated = subscriptions.issueDelegatedToken('presence-service@contoso.example');
  const set = (activity: string) =>
    microsoft.graph.setPresence(ALICE, activity === 'Available' ? 'Available' : 'Busy', activity);
  try {
    const push = new PresencePushSource({
      subscriptionApi: new GraphApi({
        tokens: { getAccessToken: async () => delegated },
        transport,
        baseUrl: microsoft.graph.origin,
      }),
      fetcher,
      poller: new GraphPresencePoller({ fetcher, intervalMs: 2_000, logger: silent }),
      certificate: new NotificationCertificate(rsa.certPem, rsa.keyPem, 'bench'),
      notificationUrl: `http://127.0.0.1:${http.address.port}${PRESENCE_NOTIFICATION_PATH}`,
      clientState: 'bench',
      expirationMs: 3_600_000,
      renewBeforeMs: 600_000,
      logger: silent,
    });
    endpoint.add(push);
    const pushed = await measure(push, set, () => push.mode === 'pushing');
    push.close();
    const poller = new GraphPresencePoller({ fetcher, intervalMs: 2_000, logger: silent });
    const polled = await measure(poller, set, () => poller.health().lastSuccessAt !== null);
    poller.close();
    const row = (name: string, samples: number[]) =>
      `${name.padEnd(24)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms  max ${Math.max(
        ...samples,
      )
        .toFixed(1)
        .padStart(7)} ms`;
    say(`presence change at the fake Graph -> routing gate command (${CHANGES} changes each, 127.0.0.1)`);
    say(row('pushed (notifications)', pushed));
    say(row('polled every 2 s', polled));
    say(`ratio p50 polled / pushed: ${(percentile(polled, 50) / percentile(pushed, 50)).toFixed(0)}x`);
  } finally {
    await http.stop();
    await microsoft.close();
    await rsa.dispose();
  }
}

await main();
