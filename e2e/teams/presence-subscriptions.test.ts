/**
 * Presence pushed by Graph change notifications, against the fake Graph over HTTPS: our endpoint
 * (served by Tandem's HttpApi on 127.0.0.1) answers the validation request, the fake encrypts each
 * notification with our certificate and posts it, we decrypt it and the routing gate reacts. The
 * subscription is renewed before it expires; when Graph removes it, or refuses an app-only token,
 * presence is polled instead and the gate keeps working.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHttpApi } from '../../server/api/testing/http-api.fixture.js';
import { systemClock } from '../../server/routing/clock.js';
import { PresenceFeeder } from '../../server/routing/presence/presence-feeder.js';
import { PresenceGate } from '../../server/routing/presence/presence-gate.js';
import { contactCenter } from '../../server/routing/routing-engine.fixture.js';
import { createRootLogger } from '../../server/shared/logger.js';
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
import { waitUntil } from '../support/browser-agent/wait-until.node.js';
import { FakeGraphSubscriptions } from '../support/fake-microsoft/fake-graph-subscriptions.js';
import { FAKE_APP, startFakeMicrosoft } from '../support/fake-microsoft/fake-microsoft.js';
import { makeNotificationCertificate } from '../support/fake-microsoft/notification-certificate.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ALICE = '00000000-0000-4000-8000-0000000a11ce';
const silent = createRootLogger({ level: 'silent' });
const wait = <T>(read: () => T, accept: (value: T) => boolean, awaiting: string, timeoutMs = 8_000) =>
  waitUntil(async () => read(), accept, { timeoutMs, awaiting, intervalMs: 5 });

/** Fake Microsoft, our notification endpoint on HttpApi, a push source, and a routing engine behind the gate. */
async function world(options: { delegated: boolean; expirationMs?: number; renewBeforeMs?: number }) {
  const microsoft = await startFakeMicrosoft([{ id: ALICE, userPrincipalName: 'alice@contoso.example' }]);
  cleanups.push(() => microsoft.close());
  const subscriptions = new FakeGraphSubscriptions(microsoft.graph);
  const rsa = await makeNotificationCertificate();
  cleanups.push(() => rsa.dispose());
  const endpoint = new PresenceNotificationEndpoint(silent);
  const { http, origin } = await startTestHttpApi((http) =>
    http.route('POST', PRESENCE_NOTIFICATION_PATH, (request, response) => endpoint.handle(request, response)),
  );
  cleanups.push(() => http.stop());
  const notificationUrl = `${origin}${PRESENCE_NOTIFICATION_PATH}`;

  const transport = new HttpsTransport(microsoft.certificates.caPem);
  const appTokens = new GraphTokenProvider({
    ...FAKE_APP,
    authorityHost: microsoft.identity.origin,
    caPem: microsoft.certificates.caPem,
  });
  const delegatedToken = subscriptions.issueDelegatedToken('presence-service@contoso.example');
  const fetcher = new GraphPresenceClient({ tokens: appTokens, transport, baseUrl: microsoft.graph.origin });
  const source = new PresencePushSource({
    subscriptionApi: new GraphApi({
      tokens: options.delegated ? { getAccessToken: async () => delegatedToken } : appTokens,
      transport,
      baseUrl: microsoft.graph.origin,
    }),
    fetcher,
    poller: new GraphPresencePoller({ fetcher, intervalMs: 200, logger: silent }),
    certificate: new NotificationCertificate(rsa.certPem, rsa.keyPem, 'tandem-test-certificate'),
    notificationUrl,
    clientState: 'a-secret-of-ours',
    expirationMs: options.expirationMs ?? 3_600_000,
    renewBeforeMs: options.renewBeforeMs ?? 600_000,
    random: () => 0,
    logger: silent,
  });
  cleanups.push(() => source.close());
  cleanups.push(endpoint.add(source));

  const cc = contactCenter({}, systemClock);
  cc.queue('support');
  cc.agent('alice');
  cc.ready('alice');
  const feeder = new PresenceFeeder({
    source,
    gate: new PresenceGate(),
    clock: systemClock,
    send: (agentId, command) => cc.engine.agentCommand(agentId, command).ok,
  });
  cleanups.push(() => feeder.close());
  feeder.setAgents([{ agentId: 'alice', teamsUserId: 'alice@contoso.example' }]);
  return { microsoft, subscriptions, endpoint, source, cc, notificationUrl };
}

describe('presence change notifications (fake Graph on 127.0.0.1)', () => {
  it('subscribes with a delegated token, decrypts what Graph pushes, and the gate reacts without polling', async () => {
    const { microsoft, subscriptions, endpoint, source, cc } = await world({ delegated: true });
    await wait(
      () => source.mode,
      (mode) => mode === 'pushing',
      'the subscription to be live',
    );
    expect(endpoint.counts.validated).toBe(2); // notification URL and lifecycle URL, the same endpoint
    const [subscription] = [...subscriptions.subscriptions.values()];
    expect(subscription!.objectIds).toEqual([ALICE]);
    expect(subscription!.expiresAt - Date.now()).toBeGreaterThan(3_500_000);

    microsoft.graph.setPresence(ALICE, 'Busy', 'InAMeeting');
    await wait(
      () => cc.engine.whyNotOffered('alice'),
      (why) => why.includes('presence:InAMeeting'),
      'alice held back',
    );
    // (One read right after subscribing fills in what changed before; after that, nothing is polled.)
    const pollsBefore = microsoft.graph.presenceRequests().length;
    await wait(
      () => subscriptions.notifications.length,
      (count) => count === 1,
      'the fake to see our 202',
    );
    expect(subscriptions.notifications[0]).toMatchObject({ objectId: ALICE, status: 202 });
    cc.call('c1', 'support');
    expect(cc.delegate.offered).toEqual([]);

    microsoft.graph.setPresence(ALICE, 'Available', 'Available');
    await wait(
      () => cc.delegate.offered,
      (offered) => offered.length > 0,
      'the caller offered to alice',
    );
    expect(cc.delegate.offered).toEqual(['c1→alice']);
    // Pushed, not polled: the poller stopped when the subscription went live.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(microsoft.graph.presenceRequests().length).toBe(pollsBefore);
    expect(endpoint.counts.delivered).toBe(2);
  });

  it('renews the subscription before it expires', async () => {
    const { subscriptions, source } = await world({
      delegated: true,
      expirationMs: 3_000,
      renewBeforeMs: 2_500,
    });
    await wait(
      () => source.mode,
      (mode) => mode === 'pushing',
      'the subscription to be live',
    );
    const [subscription] = [...subscriptions.subscriptions.values()];
    await wait(
      () => subscription!.renewals,
      (renewals) => renewals >= 2,
      'two renewals',
    );
    expect(source.mode).toBe('pushing');
    expect(subscription!.expiresAt).toBeGreaterThan(Date.now());
  });

  it('polls when Graph removes the subscription, and the gate keeps reacting', async () => {
    const { microsoft, subscriptions, source, cc } = await world({ delegated: true });
    await wait(
      () => source.mode,
      (mode) => mode === 'pushing',
      'the subscription to be live',
    );
    await subscriptions.remove(source.subscriptionIds[0]!);
    await wait(
      () => source.mode,
      (mode) => mode === 'polling',
      'polling after subscriptionRemoved',
    );
    const pollsBefore = microsoft.graph.presenceRequests().length;
    microsoft.graph.setPresence(ALICE, 'DoNotDisturb', 'Presenting');
    await wait(
      () => cc.engine.whyNotOffered('alice'),
      (why) => why.includes('presence:Presenting'),
      'alice held back by a poll',
    );
    expect(microsoft.graph.presenceRequests().length).toBeGreaterThan(pollsBefore);
  });

  it('polls when Graph refuses an app-only token for presence subscriptions', async () => {
    const { microsoft, subscriptions, source, cc } = await world({ delegated: false });
    await wait(
      () => source.health().lastError ?? '',
      (error) => /403/.test(error),
      'the refused subscription',
    );
    expect(subscriptions.refusedAppOnly.length).toBe(1);
    expect(source.mode).toBe('polling');
    microsoft.graph.setPresence(ALICE, 'Busy', 'InACall');
    await wait(
      () => cc.engine.whyNotOffered('alice'),
      (why) => why.includes('presence:InACall'),
      'alice held back by a poll',
    );
  });

  it('refuses notifications it cannot trust: bad JSON, a wrong clientState, a tampered signature', async () => {
    const { microsoft, subscriptions, endpoint, source, cc, notificationUrl } = await world({
      delegated: true,
    });
    await wait(
      () => source.mode,
      (mode) => mode === 'pushing',
      'the subscription to be live',
    );
    const post = (body: string) =>
      fetch(notificationUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect((await post('not json')).status).toBe(400);
    // A genuine notification captured on its way, replayed with a forged clientState and a forged signature.
    const captured: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (String(input).startsWith(notificationUrl) && typeof init?.body === 'string')
        captured.push(init.body);
      return original(input, init);
    };
    try {
      microsoft.graph.setPresence(ALICE, 'Busy', 'InAMeeting');
      await wait(
        () => cc.engine.whyNotOffered('alice'),
        (why) => why.includes('presence:InAMeeting'),
        'the genuine one',
      );
    } finally {
      globalThis.fetch = original;
    }
    const genuine = JSON.parse(captured.at(-1)!) as { value: Record<string, unknown>[] };
    const notification = genuine.value[0]!;
    const forgedState = { value: [{ ...notification, clientState: 'guess' }] };
    const content = notification.encryptedContent as Record<string, string>;
    const tampered = {
      value: [
        {
          ...notification,
          encryptedContent: { ...content, dataSignature: Buffer.alloc(32, 1).toString('base64') },
        },
      ],
    };
    const dropped = endpoint.counts.dropped;
    expect((await post(JSON.stringify(forgedState))).status).toBe(202);
    expect((await post(JSON.stringify(tampered))).status).toBe(202);
    expect(endpoint.counts.dropped).toBe(dropped + 2);
    await wait(
      () => subscriptions.notifications.length,
      (count) => count === 1,
      'the fake to see our 202',
    );
    expect(cc.engine.whyNotOffered('alice')).toContain('presence:InAMeeting');
  });
});
