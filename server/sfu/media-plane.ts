/**
 * The media plane of one node (component `media`): the rtpengine instances it may use (the local
 * supervised one, or external ones) and every media session placed on them. New sessions go to a
 * healthy instance with the fewest sessions; an instance that stops answering takes no new ones;
 * sessions on an rtpengine that died are reported lost so their calls can end.
 *
 * The calls layer's side of it:
 *   const session = media.createSession();            // 503 (MediaPlaneUnavailableError) if none
 *   const caller = session.addLeg({ tag: fromTag });
 *   const agent = session.addLeg({ tag: toTag });
 *   const toAgent = await caller.offer(callerSdp, { to: agent }); // ng offer
 *   const toCaller = await agent.answer(agentSdp, { to: caller }); // ng answer
 *   await session.close();                             // ng delete, once
 */
import { randomUUID } from 'node:crypto';
import { InvalidStateError } from '../shared/errors.js';
import type { Component } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import { chooseInstance } from './instance-selection.js';
import type { MediaMetrics } from './media-metrics.js';
import {
  MediaPlaneUnavailableError,
  type MediaCloseReason,
  type MediaInstance,
  type MediaPlaneEvents,
} from './media-plane-types.js';
import { MediaSession, type MediaSessionHost } from './media-session.js';
import { NgClient } from './ng/ng-client.js';

export interface MediaPlaneOptions {
  instances: readonly MediaInstance[];
  logger: Logger;
  metrics?: MediaMetrics;
}

export interface MediaPlaneHealth {
  status: 'ok' | 'down';
  detail: string;
}

export class MediaPlane extends TypedEmitter<MediaPlaneEvents> implements Component, MediaSessionHost {
  readonly name = 'media';
  private readonly sessionsById = new Map<string, MediaSession>();
  private readonly sessionsByInstance = new Map<string, Set<MediaSession>>();
  private readonly unsubscribe: (() => void)[] = [];
  private cursor = 0;
  private running = false;

  constructor(private readonly options: MediaPlaneOptions) {
    super(options.logger);
    if (options.instances.length === 0) throw new TypeError('the media plane needs at least one rtpengine');
    for (const instance of options.instances) this.sessionsByInstance.set(instance.id, new Set());
    options.metrics?.attach({
      instances: () => this.options.instances,
      sessionCount: (id) => this.sessionsByInstance.get(id)?.size ?? 0,
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  get instances(): readonly MediaInstance[] {
    return this.options.instances;
  }

  get sessionCount(): number {
    return this.sessionsById.size;
  }

  get sessions(): readonly MediaSession[] {
    return [...this.sessionsById.values()];
  }

  session(callId: string): MediaSession | undefined {
    return this.sessionsById.get(callId);
  }

  /** Starts every instance; an embedded rtpengine that cannot start fails the start. */
  async start(): Promise<void> {
    if (this.running) return;
    for (const instance of this.options.instances) this.watch(instance);
    await Promise.all(this.options.instances.map((instance) => instance.start()));
    this.running = true;
    this.options.logger.info({ instances: this.describeInstances() }, 'media plane started');
  }

  /** Closes (and deletes) every session, then stops the instances. Idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.sessions.map((session) => session.planeStopping()));
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.all(this.options.instances.map((instance) => instance.stop()));
  }

  /** A new media session on the least loaded healthy rtpengine. */
  createSession(options: { callId?: string } = {}): MediaSession {
    if (!this.running) throw new InvalidStateError('the media plane is not running');
    const callId = options.callId ?? `tandem-${randomUUID()}`;
    if (this.sessionsById.has(callId)) throw new InvalidStateError(`media session ${callId} exists already`);
    const instance = this.pick(new Set());
    if (!instance) throw new MediaPlaneUnavailableError('no rtpengine is answering');
    const session = new MediaSession(callId, instance, this, this.options.logger.child({ callId }));
    this.sessionsById.set(callId, session);
    this.sessionsByInstance.get(instance.id)!.add(session);
    return session;
  }

  failover(session: MediaSession, tried: ReadonlySet<string>): MediaInstance | null {
    const next = this.pick(tried);
    if (!next) return null;
    this.sessionsByInstance.get(session.instance.id)?.delete(session);
    this.sessionsByInstance.get(next.id)!.add(session);
    return next;
  }

  sessionClosed(session: MediaSession, reason: MediaCloseReason): void {
    if (this.sessionsById.get(session.callId) !== session) return;
    this.sessionsById.delete(session.callId);
    this.sessionsByInstance.get(session.instance.id)?.delete(session);
    if (reason === 'media-plane-lost') this.emit('sessionLost', session.callId, reason);
  }

  /** The calls each healthy rtpengine holds (ng `list`): after every call, nothing should be left. */
  async remoteCalls(): Promise<{ instance: string; calls: string[] }[]> {
    const healthy = this.options.instances.filter((instance) => instance.isHealthy);
    return Promise.all(
      healthy.map(async (instance) => ({
        instance: instance.id,
        calls: await new NgClient(instance).list(),
      })),
    );
  }

  health(): MediaPlaneHealth {
    if (!this.running) return { status: 'down', detail: 'stopped' };
    const healthy = this.options.instances.some((instance) => instance.isHealthy);
    return {
      status: healthy ? 'ok' : 'down',
      detail: `${this.sessionsById.size} sessions; ${this.describeInstances().join('; ')}`,
    };
  }

  private pick(exclude: ReadonlySet<string>): MediaInstance | null {
    const sessionsOf = (instance: MediaInstance) => this.sessionsByInstance.get(instance.id)?.size ?? 0;
    const choice = chooseInstance(this.options.instances, sessionsOf, this.cursor, exclude);
    if (!choice) return null;
    this.cursor = choice.cursor;
    return choice.instance;
  }

  private watch(instance: MediaInstance): void {
    const { events } = instance;
    this.unsubscribe.push(
      events.on('up', () => this.emit('instanceUp', instance.id)),
      events.on('down', (reason) => this.emit('instanceDown', instance.id, reason)),
      events.on('restarted', () => this.options.metrics?.countRestart(instance.id)),
      events.on('sessionsLost', (reason) => {
        const lost = [...(this.sessionsByInstance.get(instance.id) ?? [])];
        if (lost.length > 0) {
          this.options.logger.error(
            { instance: instance.id, sessions: lost.length, reason },
            'media sessions lost',
          );
        }
        for (const session of lost) session.instanceLost();
      }),
    );
  }

  private describeInstances(): string[] {
    return this.options.instances.map((instance) => `${instance.id}: ${instance.describe()}`);
  }
}
