/**
 * Presence change notifications on the fake Graph, as Graph does them:
 *
 * - `POST /v1.0/subscriptions` for `/communications/presences?$filter=id in ('..',..)`: refused
 *   with an app-only token (presence subscriptions are delegated only), expiry at most one hour
 *   ahead, includeResourceData needs an RSA encryptionCertificate and its id; before answering
 *   201 the fake validates the notification URL (POST `?validationToken=`, expects 200 text/plain
 *   echoing the token within 10 s);
 * - `PATCH /v1.0/subscriptions/{id}` renews, `DELETE` removes;
 * - on every presence change of a covered user, a notification whose resource data is really
 *   encrypted: a fresh AES-256 key, AES-CBC (IV = the key's first 16 bytes), HMAC-SHA256 of the
 *   encrypted bytes, the key encrypted with RSA-OAEP (SHA-1) under the subscription's certificate;
 * - `remove(id)` drops a subscription and sends the `subscriptionRemoved` lifecycle event.
 *
 * Expired subscriptions stop notifying. Notifications go out over http(s) with Node's fetch: the
 * tests serve our endpoint on http://127.0.0.1 (Graph itself insists on https).
 */
import {
  X509Certificate,
  constants,
  createCipheriv,
  createHmac,
  publicEncrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { graphError, type FakeGraph } from './fake-graph.js';

export interface FakeSubscription {
  readonly id: string;
  readonly objectIds: readonly string[];
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | null;
  readonly clientState: string | null;
  readonly certificate: X509Certificate;
  readonly certificateId: string;
  expiresAt: number;
  renewals: number;
}

export interface NotificationRecord {
  readonly subscriptionId: string;
  readonly objectId: string;
  /** When the fake sent it (after the presence change). */
  readonly sentAt: number;
  readonly status: number;
}

const FILTER = /^\/?communications\/presences\?\$filter=id in \(((?:'[0-9a-fA-F-]{36}'\s*,?\s*)+)\)$/;

export class FakeGraphSubscriptions {
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly notifications: NotificationRecord[] = [];
  readonly refusedAppOnly: number[] = [];
  private readonly delegated = new Set<string>();
  /** Delegated tokens that did not come from `issueDelegatedToken` (a user's, from the identity platform). */
  private readonly delegatedChecks: ((token: string) => boolean)[] = [];
  /**
   * Where a notification URL is really reached: Graph posts to the public https URL, which in a test
   * is Tandem's http listener on 127.0.0.1 (as a TLS-terminating reverse proxy would forward it).
   */
  notificationRoute: (url: string) => string | Promise<string> = (url) => url;
  /** Makes the next creations fail with this status (e.g. 403, 500). */
  failCreates: { status: number; times: number } | null = null;

  constructor(private readonly graph: FakeGraph) {
    graph.use((request) => this.route(request));
    graph.onPresenceChange(
      (objectId, availability, activity) => void this.notifyChange(objectId, availability, activity),
    );
  }

  /** A delegated (user) token the fake Graph accepts for subscriptions, as if a user signed in. */
  issueDelegatedToken(upn: string): string {
    const token = `delegated.${Buffer.from(upn).toString('base64url')}.${randomUUID()}`;
    this.delegated.add(token);
    this.graph.acceptToken(token);
    return token;
  }

  /** Treats tokens passing `check` as delegated (and lets Graph accept them). */
  acceptDelegatedWhere(check: (token: string) => boolean): void {
    this.delegatedChecks.push(check);
    this.graph.acceptTokensWhere(check);
  }

  /** Graph drops a subscription and says so with a lifecycle notification. */
  async remove(subscriptionId: string): Promise<void> {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) return;
    this.subscriptions.delete(subscriptionId);
    await post(
      await this.notificationRoute(subscription.lifecycleNotificationUrl ?? subscription.notificationUrl),
      {
        value: [
          {
            subscriptionId,
            clientState: subscription.clientState,
            lifecycleEvent: 'subscriptionRemoved',
            resource: 'communications/presences',
            subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
          },
        ],
      },
    ).catch(() => 0);
  }

  private route({
    method,
    url,
    token,
    body,
    answer,
  }: Parameters<Parameters<FakeGraph['use']>[0]>[0]): boolean {
    const path = url.pathname;
    if (path !== '/v1.0/subscriptions' && !path.startsWith('/v1.0/subscriptions/')) return false;
    if (method === 'POST' && path === '/v1.0/subscriptions') {
      if (!this.delegated.has(token) && !this.delegatedChecks.some((check) => check(token))) {
        this.refusedAppOnly.push(Date.now());
        answer(
          403,
          graphError(
            'ExtensionError',
            'Operation: Create; Exception: [Status Code: Forbidden; Reason: app-only tokens are not supported for presence subscriptions]',
          ),
        );
        return true;
      }
      void this.create(body, answer);
      return true;
    }
    const id = decodeURIComponent(path.slice('/v1.0/subscriptions/'.length));
    const subscription = this.subscriptions.get(id);
    if (!subscription) {
      answer(404, graphError('ResourceNotFound', `subscription ${id} not found`));
      return true;
    }
    if (method === 'PATCH') {
      const expiresAt = Date.parse(
        (parse(body) as { expirationDateTime?: string } | null)?.expirationDateTime ?? '',
      );
      if (!Number.isFinite(expiresAt) || expiresAt > Date.now() + 3_600_000 + 60_000) {
        answer(400, graphError('InvalidRequest', 'expirationDateTime must be within one hour'));
        return true;
      }
      subscription.expiresAt = expiresAt;
      subscription.renewals++;
      answer(200, { id, expirationDateTime: new Date(expiresAt).toISOString() });
      return true;
    }
    if (method === 'DELETE') {
      this.subscriptions.delete(id);
      answer(204, null);
      return true;
    }
    return false;
  }

  private async create(body: string, answer: (status: number, payload: unknown) => void): Promise<void> {
    const request = parse(body) as Record<string, unknown> | null;
    const bad = (message: string) => answer(400, graphError('InvalidRequest', message));
    if (this.failCreates && this.failCreates.times > 0) {
      this.failCreates.times--;
      answer(this.failCreates.status, graphError('ServiceUnavailable', 'try later'));
      return;
    }
    if (!request || request.changeType !== 'updated') return bad('changeType must be updated');
    const filter = FILTER.exec(String(request.resource ?? ''));
    if (!filter) return bad('resource must be communications/presences?$filter=id in (...)');
    const objectIds = [...filter[1]!.matchAll(/'([^']+)'/g)].map((match) => match[1]!.toLowerCase());
    if (objectIds.length > 650) return bad('at most 650 ids');
    const expiresAt = Date.parse(String(request.expirationDateTime ?? ''));
    if (
      !Number.isFinite(expiresAt) ||
      expiresAt > Date.now() + 3_600_000 + 60_000 ||
      expiresAt < Date.now()
    ) {
      return bad('expirationDateTime must be within the next hour');
    }
    if (request.includeResourceData !== true) return bad('includeResourceData must be true here');
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(String(request.encryptionCertificate ?? ''), 'base64'));
    } catch {
      return bad('encryptionCertificate is not a base64 X.509 certificate');
    }
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') return bad('encryptionCertificate must be RSA');
    if (typeof request.encryptionCertificateId !== 'string' || request.encryptionCertificateId === '') {
      return bad('encryptionCertificateId is required');
    }
    const notificationUrl = String(request.notificationUrl ?? '');
    const lifecycleNotificationUrl =
      typeof request.lifecycleNotificationUrl === 'string' ? request.lifecycleNotificationUrl : null;
    for (const target of [notificationUrl, lifecycleNotificationUrl]) {
      if (target === null) continue;
      if (!(await validates(await this.notificationRoute(target))))
        return bad(`Subscription validation request failed for ${target}`);
    }
    const subscription: FakeSubscription = {
      id: randomUUID(),
      objectIds,
      notificationUrl,
      lifecycleNotificationUrl,
      clientState: typeof request.clientState === 'string' ? request.clientState : null,
      certificate,
      certificateId: request.encryptionCertificateId,
      expiresAt,
      renewals: 0,
    };
    this.subscriptions.set(subscription.id, subscription);
    answer(201, {
      id: subscription.id,
      resource: request.resource,
      changeType: 'updated',
      notificationUrl,
      expirationDateTime: new Date(expiresAt).toISOString(),
      clientState: subscription.clientState,
      includeResourceData: true,
      encryptionCertificateId: subscription.certificateId,
    });
  }

  private async notifyChange(objectId: string, availability: string, activity: string): Promise<void> {
    const now = Date.now();
    for (const subscription of this.subscriptions.values()) {
      if (subscription.expiresAt < now || !subscription.objectIds.includes(objectId)) continue;
      const resource = {
        '@odata.type': '#Microsoft.Graph.presence',
        id: objectId,
        availability,
        activity,
      };
      const notification = {
        subscriptionId: subscription.id,
        clientState: subscription.clientState,
        changeType: 'updated',
        resource: `communications/presences('${objectId}')`,
        subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
        resourceData: {
          '@odata.type': '#Microsoft.Graph.presence',
          '@odata.id': `communications/presences('${objectId}')`,
          id: objectId,
        },
        encryptedContent: encrypt(JSON.stringify(resource), subscription),
      };
      const sentAt = Date.now();
      const status = await post(await this.notificationRoute(subscription.notificationUrl), {
        value: [notification],
      }).catch(() => 0);
      this.notifications.push({ subscriptionId: subscription.id, objectId, sentAt, status });
    }
  }
}

function encrypt(plain: string, subscription: FakeSubscription) {
  const key = randomBytes(32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return {
    data: data.toString('base64'),
    dataSignature: createHmac('sha256', key).update(data).digest('base64'),
    dataKey: publicEncrypt(
      {
        key: subscription.certificate.publicKey,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha1',
      },
      key,
    ).toString('base64'),
    encryptionCertificateId: subscription.certificateId,
    encryptionCertificateThumbprint: subscription.certificate.fingerprint.replace(/:/g, ''),
  };
}

async function validates(target: string): Promise<boolean> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  try {
    const url = new URL(target);
    url.searchParams.set('validationToken', token);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(10_000),
    });
    return (
      response.status === 200 &&
      (response.headers.get('content-type') ?? '').startsWith('text/plain') &&
      (await response.text()) === token
    );
  } catch {
    return false;
  }
}

async function post(target: string, body: unknown): Promise<number> {
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
