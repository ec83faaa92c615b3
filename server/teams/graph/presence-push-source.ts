/**
 * Presence pushed by Graph change notifications, with polling as the fallback: a PresenceSource
 * that subscribes to `/communications/presences?$filter=id in (...)` (at most 650 ids each,
 * includeResourceData with our encryption certificate), renews each subscription before it
 * expires (presence subscriptions last at most one hour), and polls whenever it is not sure that
 * every watched user is covered by a live subscription.
 *
 * ```
 *   [ polling ] --every subscription created--> [ pushing ] --renewed--> [ pushing ]
 *        ^                                          |
 *        +-- create / renew failed, subscriptionRemoved, watch changed (back-off, then again) --+
 * ```
 * Entering `pushing`, one getPresencesByUserId fills in what changed before the subscriptions
 * existed; leaving it, the poller starts at once. A `missed` lifecycle event triggers one poll.
 */
import type { Logger } from '../../shared/logger.js';
import type {
  PresenceListener,
  PresenceSource,
  PresenceSourceHealth,
  TeamsPresence,
} from '../../routing/presence/presence-source-types.js';
import type { GraphApi } from './graph-api.js';
import { MAX_IDS_PER_PRESENCE_REQUEST } from './graph-presence-client.js';
import type { PresenceFetcher } from './graph-presence-poller.js';
import type { NotificationCertificate } from './notification-crypto.js';
import type { GraphNotification, NotificationReceiver } from './presence-notification-endpoint.js';
import { retryDelayMs } from './retry-delay.js';

export const PushState = { Polling: 'polling', Pushing: 'pushing', Closed: 'closed' } as const;
export type PushState = (typeof PushState)[keyof typeof PushState];

export interface PresencePushSourceOptions {
  /** Graph with a delegated token (Presence.Read.All): presence subscriptions refuse app-only tokens. */
  readonly subscriptionApi: Pick<GraphApi, 'post' | 'patch' | 'delete'>;
  /** App-only presence reads and UPN lookups. */
  readonly fetcher: PresenceFetcher;
  /** The fallback, and the source of presences while not pushing. */
  readonly poller: PresenceSource;
  readonly certificate: NotificationCertificate;
  readonly notificationUrl: string;
  /** Secret echoed by Graph in every notification. */
  readonly clientState: string;
  readonly expirationMs: number;
  readonly renewBeforeMs: number;
  /**
   * While pushing, silence means "unchanged": the latest presences are re-issued with a fresh
   * observedAt this often, so that the gate's stale policy does not mistake quiet for outage.
   * Default 30 s.
   */
  readonly reconfirmMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly logger?: Logger;
  /**
   * Subscribing waits for this (Graph validates the notification URL while creating a subscription,
   * so our HTTP listener must be up); presence is polled meanwhile.
   */
  readonly ready?: Promise<unknown>;
}

interface LiveSubscription {
  readonly id: string;
  readonly objectIds: readonly string[];
  expiresAt: number;
  renewTimer: NodeJS.Timeout | null;
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PresencePushSource implements PresenceSource, NotificationReceiver {
  private state: PushState = PushState.Polling;
  private watched: string[] = [];
  /** lower-case object id -> the watched ids it stands for. */
  private byObjectId = new Map<string, string[]>();
  private readonly upnToObjectId = new Map<string, string>();
  private readonly subscriptions = new Map<string, LiveSubscription>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly latest = new Map<string, TeamsPresence>();
  private readonly unsubscribePoller: () => void;
  private retryTimer: NodeJS.Timeout | null = null;
  private reconfirmTimer: NodeJS.Timeout | null = null;
  private generation = 0;
  private failures = 0;
  private lastError: string | null = null;
  private lastPushAt: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: PresencePushSourceOptions) {
    this.now = options.now ?? Date.now;
    this.unsubscribePoller = options.poller.subscribe((batch) => this.deliver(batch.presences));
  }

  get mode(): PushState {
    return this.state;
  }

  /** Ids of the live subscriptions (for tests and the health page). */
  get subscriptionIds(): string[] {
    return [...this.subscriptions.keys()];
  }

  watch(teamsUserIds: Iterable<string>): void {
    if (this.state === PushState.Closed) return;
    const next = [...new Set([...teamsUserIds].map((id) => id.trim()).filter((id) => id !== ''))].sort();
    if (next.join('\n') === this.watched.join('\n')) return;
    this.watched = next;
    this.toPolling('the watched users changed');
    if (!this.options.ready) void this.subscribeAll();
    else
      void this.options.ready.then(() => {
        if (this.state !== PushState.Closed) void this.subscribeAll();
      });
  }

  subscribe(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): readonly TeamsPresence[] {
    return [...this.latest.values()];
  }

  health(): PresenceSourceHealth {
    const polled = this.options.poller.health();
    if (this.state !== PushState.Pushing) {
      return { ...polled, lastError: this.lastError ?? polled.lastError };
    }
    return {
      state: 'ok',
      lastSuccessAt: this.lastPushAt ?? polled.lastSuccessAt,
      lastError: null,
      consecutiveFailures: 0,
      nextAttemptAt: Math.min(
        ...[...this.subscriptions.values()].map((s) => s.expiresAt - this.options.renewBeforeMs),
      ),
      watched: this.watched.length,
    };
  }

  close(): void {
    if (this.state === PushState.Closed) return;
    this.state = PushState.Closed;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopReconfirming();
    this.unsubscribePoller();
    this.options.poller.close();
    for (const subscription of this.subscriptions.values()) this.forget(subscription, true);
    this.listeners.clear();
  }

  /** A notification from the endpoint; false when it is not for one of our subscriptions. */
  receive(notification: GraphNotification): boolean {
    const subscription = this.subscriptions.get(notification.subscriptionId);
    if (!subscription || notification.clientState !== this.options.clientState) return false;
    if (notification.lifecycleEvent) {
      this.lifecycle(subscription, notification.lifecycleEvent);
      return true;
    }
    if (!notification.encryptedContent) {
      this.options.logger?.warn(
        { subscriptionId: subscription.id },
        'presence notification without resource data',
      );
      return true;
    }
    const resource = this.options.certificate.decrypt(notification.encryptedContent) as Record<
      string,
      unknown
    >;
    if (
      typeof resource?.id !== 'string' ||
      typeof resource.availability !== 'string' ||
      typeof resource.activity !== 'string'
    ) {
      this.options.logger?.warn(
        { subscriptionId: subscription.id },
        'presence notification without a presence',
      );
      return true;
    }
    this.lastPushAt = this.now();
    this.deliverGraph([
      { id: resource.id, availability: resource.availability, activity: resource.activity },
    ]);
    return true;
  }

  private lifecycle(subscription: LiveSubscription, event: string): void {
    this.options.logger?.warn(
      { subscriptionId: subscription.id, event },
      'presence subscription lifecycle event',
    );
    if (event === 'reauthorizationRequired') {
      void this.renew(subscription, this.generation);
    } else if (event === 'missed') {
      void this.pollOnce(this.generation);
    } else {
      // subscriptionRemoved, or anything we do not know: trust polling until subscribed again.
      this.forget(subscription, false);
      this.failed(`subscription ${subscription.id}: ${event}`);
    }
  }

  private async subscribeAll(): Promise<void> {
    const generation = ++this.generation;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      for (const subscription of [...this.subscriptions.values()]) this.forget(subscription, true);
      const byObjectId = await this.resolve(this.watched);
      if (generation !== this.generation) return;
      this.byObjectId = byObjectId;
      const objectIds = [...byObjectId.keys()];
      for (let start = 0; start < objectIds.length; start += MAX_IDS_PER_PRESENCE_REQUEST) {
        await this.create(objectIds.slice(start, start + MAX_IDS_PER_PRESENCE_REQUEST), generation);
        if (generation !== this.generation) return;
      }
      if (objectIds.length === 0) return;
      this.failures = 0;
      this.lastError = null;
      this.state = PushState.Pushing;
      this.options.poller.watch([]);
      this.startReconfirming();
      this.options.logger?.info(
        { subscriptions: this.subscriptions.size, users: objectIds.length },
        'presence pushed by Graph',
      );
      await this.pollOnce(generation);
    } catch (error) {
      if (generation !== this.generation || this.state === PushState.Closed) return;
      this.failed((error as Error)?.message ?? String(error));
    }
  }

  private async create(objectIds: readonly string[], generation: number): Promise<void> {
    const expiresAt = this.now() + this.options.expirationMs;
    const answer = (await this.options.subscriptionApi.post('/subscriptions', {
      changeType: 'updated',
      notificationUrl: this.options.notificationUrl,
      lifecycleNotificationUrl: this.options.notificationUrl,
      resource: `/communications/presences?$filter=id in (${objectIds.map((id) => `'${id}'`).join(',')})`,
      expirationDateTime: new Date(expiresAt).toISOString(),
      clientState: this.options.clientState,
      includeResourceData: true,
      encryptionCertificate: this.options.certificate.base64Der,
      encryptionCertificateId: this.options.certificate.id,
    })) as { id?: unknown; expirationDateTime?: unknown } | null;
    if (typeof answer?.id !== 'string') throw new Error('Graph created a subscription without an id');
    const granted =
      typeof answer.expirationDateTime === 'string' ? Date.parse(answer.expirationDateTime) : NaN;
    const subscription: LiveSubscription = {
      id: answer.id,
      objectIds,
      expiresAt: Number.isFinite(granted) ? granted : expiresAt,
      renewTimer: null,
    };
    if (generation !== this.generation) {
      this.forget(subscription, true);
      return;
    }
    this.subscriptions.set(subscription.id, subscription);
    this.scheduleRenewal(subscription);
  }

  private scheduleRenewal(subscription: LiveSubscription): void {
    if (subscription.renewTimer) clearTimeout(subscription.renewTimer);
    const delay = Math.max(0, subscription.expiresAt - this.options.renewBeforeMs - this.now());
    const generation = this.generation;
    subscription.renewTimer = setTimeout(() => void this.renew(subscription, generation), delay);
    subscription.renewTimer.unref();
  }

  private async renew(subscription: LiveSubscription, generation: number): Promise<void> {
    const expiresAt = this.now() + this.options.expirationMs;
    try {
      const answer = (await this.options.subscriptionApi.patch(
        `/subscriptions/${encodeURIComponent(subscription.id)}`,
        {
          expirationDateTime: new Date(expiresAt).toISOString(),
        },
      )) as { expirationDateTime?: unknown } | null;
      if (generation !== this.generation || !this.subscriptions.has(subscription.id)) return;
      const granted =
        typeof answer?.expirationDateTime === 'string' ? Date.parse(answer.expirationDateTime) : NaN;
      subscription.expiresAt = Number.isFinite(granted) ? granted : expiresAt;
      this.options.logger?.debug({ subscriptionId: subscription.id }, 'presence subscription renewed');
      this.scheduleRenewal(subscription);
    } catch (error) {
      if (generation !== this.generation || !this.subscriptions.has(subscription.id)) return;
      this.forget(subscription, true);
      this.failed(`renewing ${subscription.id}: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /** Back to polling now, and subscribing again after a back-off. */
  private failed(reason: string): void {
    this.failures++;
    this.lastError = reason;
    this.toPolling(reason);
    const delay = retryDelayMs(
      this.failures,
      null,
      { initialMs: 5_000, maxMs: 300_000 },
      this.options.random,
    );
    this.options.logger?.warn({ err: reason, retryInMs: delay }, 'presence subscriptions failed: polling');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.subscribeAll();
    }, delay);
    this.retryTimer.unref();
  }

  private toPolling(reason: string): void {
    if (this.state === PushState.Closed) return;
    if (this.state === PushState.Pushing) this.options.logger?.info({ reason }, 'presence polled again');
    this.state = PushState.Polling;
    this.stopReconfirming();
    this.options.poller.watch(this.watched);
  }

  private startReconfirming(): void {
    this.stopReconfirming();
    this.reconfirmTimer = setInterval(() => {
      if (this.state !== PushState.Pushing) return;
      const observedAt = this.now();
      this.deliver([...this.latest.values()].map((presence) => ({ ...presence, observedAt })));
    }, this.options.reconfirmMs ?? 30_000);
    this.reconfirmTimer.unref();
  }

  private stopReconfirming(): void {
    if (this.reconfirmTimer) clearInterval(this.reconfirmTimer);
    this.reconfirmTimer = null;
  }

  private forget(subscription: LiveSubscription, deleteAtGraph: boolean): void {
    if (subscription.renewTimer) clearTimeout(subscription.renewTimer);
    subscription.renewTimer = null;
    this.subscriptions.delete(subscription.id);
    if (deleteAtGraph) {
      this.options.subscriptionApi
        .delete(`/subscriptions/${encodeURIComponent(subscription.id)}`)
        .catch((error: unknown) =>
          this.options.logger?.debug(
            { err: error, subscriptionId: subscription.id },
            'subscription not deleted',
          ),
        );
    }
  }

  private async pollOnce(generation: number): Promise<void> {
    const objectIds = [...this.byObjectId.keys()];
    try {
      for (let start = 0; start < objectIds.length; start += MAX_IDS_PER_PRESENCE_REQUEST) {
        const presences = await this.options.fetcher.presencesByUserId(
          objectIds.slice(start, start + MAX_IDS_PER_PRESENCE_REQUEST),
        );
        if (generation !== this.generation) return;
        this.deliverGraph(presences);
      }
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'presence read after subscribing failed');
    }
  }

  private async resolve(watched: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (const id of watched) {
      let objectId: string | null | undefined = OBJECT_ID.test(id)
        ? id
        : this.upnToObjectId.get(id.toLowerCase());
      if (objectId === undefined) {
        objectId = await this.options.fetcher.objectIdOf(id);
        if (objectId) this.upnToObjectId.set(id.toLowerCase(), objectId);
      }
      if (!objectId) continue;
      const key = objectId.toLowerCase();
      result.set(key, [...(result.get(key) ?? []), id]);
    }
    return result;
  }

  private deliverGraph(presences: readonly { id: string; availability: string; activity: string }[]): void {
    const observedAt = this.now();
    const batch: TeamsPresence[] = [];
    for (const presence of presences) {
      for (const teamsUserId of this.byObjectId.get(presence.id.toLowerCase()) ?? []) {
        batch.push({
          teamsUserId,
          availability: presence.availability,
          activity: presence.activity,
          observedAt,
        });
      }
    }
    this.deliver(batch);
  }

  private deliver(presences: readonly TeamsPresence[]): void {
    if (this.state === PushState.Closed || presences.length === 0) return;
    for (const presence of presences) this.latest.set(presence.teamsUserId.toLowerCase(), presence);
    for (const listener of [...this.listeners]) {
      try {
        listener({ presences });
      } catch (error) {
        this.options.logger?.error({ err: error }, 'presence listener failed');
      }
    }
  }
}
