/**
 * A media session: one call's media anchored in one rtpengine (one ng call-id), owning its legs.
 * Ownership cascades like mediasoup's Router and Transports: closing the session closes every leg
 * and deletes the call in rtpengine exactly once; closing again does nothing. A session that has
 * not yet been answered by any rtpengine fails over to another instance when its first offer finds
 * its instance unreachable.
 */
import { randomBytes } from 'node:crypto';
import { InvalidStateError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import { MediaLeg, type MediaLegOwner } from './media-leg.js';
import {
  MediaLegState,
  MediaPlaneUnavailableError,
  type MediaCloseReason,
  type MediaInstance,
  type MediaSessionEvents,
} from './media-plane-types.js';
import { NgClient } from './ng/ng-client.js';
import { isNgUnavailable, NgCommandError } from './ng/ng-errors.js';
import type { NgCallInfo } from './ng/ng-types.js';

/** What a session needs from the plane that made it (implemented by MediaPlane). */
export interface MediaSessionHost {
  /** Another healthy instance for a session whose instance did not answer, or null. */
  failover(session: MediaSession, tried: ReadonlySet<string>): MediaInstance | null;
  sessionClosed(session: MediaSession, reason: MediaCloseReason): void;
}

export class MediaSession extends TypedEmitter<MediaSessionEvents> implements MediaLegOwner {
  private currentInstance: MediaInstance;
  private readonly legsByTag = new Map<string, MediaLeg>();
  private readonly inflight = new Set<Promise<unknown>>();
  private closedReason: MediaCloseReason | null = null;
  private closing: Promise<void> | null = null;
  /** A command that leaves state in rtpengine was sent: closing must delete the call. */
  private remoteState = false;
  /** rtpengine has answered for this session: it is bound to its instance for good. */
  private established = false;

  constructor(
    readonly callId: string,
    instance: MediaInstance,
    private readonly host: MediaSessionHost,
    readonly log: Logger,
  ) {
    super(log);
    this.currentInstance = instance;
  }

  get instance(): MediaInstance {
    return this.currentInstance;
  }

  get isClosed(): boolean {
    return this.closedReason !== null;
  }

  get closeReason(): MediaCloseReason | null {
    return this.closedReason;
  }

  /** The open legs, in the order they were added. */
  get legs(): readonly MediaLeg[] {
    return [...this.legsByTag.values()];
  }

  leg(tag: string): MediaLeg | undefined {
    return this.legsByTag.get(tag);
  }

  /** A new side of the call; `tag` defaults to a random one (the SIP tag is a good choice). */
  addLeg(options: { tag?: string; label?: string } = {}): MediaLeg {
    if (this.isClosed) throw new InvalidStateError(`media session ${this.callId} is closed`);
    const tag = options.tag ?? randomBytes(6).toString('hex');
    if (this.legsByTag.has(tag))
      throw new InvalidStateError(`media session ${this.callId} already has leg ${tag}`);
    const leg = new MediaLeg(this, tag, options.label ?? null);
    this.legsByTag.set(tag, leg);
    return leg;
  }

  knownLegs(): readonly MediaLeg[] {
    return this.legs.filter((leg) => leg.state !== MediaLegState.Idle);
  }

  /** rtpengine's view of this call: its sides, streams and packet counters. */
  query(): Promise<NgCallInfo> {
    return this.run('query', (client) => client.query({ callId: this.callId }));
  }

  startRecording(): Promise<void> {
    return this.run('start recording', (client) => client.startRecording({ callId: this.callId }));
  }

  pauseRecording(): Promise<void> {
    return this.run('pause recording', (client) => client.pauseRecording({ callId: this.callId }));
  }

  stopRecording(): Promise<void> {
    return this.run('stop recording', (client) => client.stopRecording({ callId: this.callId }));
  }

  /** Closes every leg and deletes the call in rtpengine once. Idempotent; never rejects. */
  close(): Promise<void> {
    return this.end('closed', true);
  }

  /** The plane is stopping: close as usual. */
  planeStopping(): Promise<void> {
    return this.end('media-plane-stopped', true);
  }

  /** The instance died or restarted: the call is already gone there. */
  instanceLost(): void {
    void this.end('media-plane-lost', false);
  }

  legClosed(leg: MediaLeg): void {
    if (this.legsByTag.get(leg.tag) === leg) this.legsByTag.delete(leg.tag);
  }

  async run<T>(command: string, operation: (client: NgClient) => Promise<T>, creates = false): Promise<T> {
    if (this.isClosed)
      throw new InvalidStateError(`media session ${this.callId} is closed; cannot ${command}`);
    const tried = new Set<string>();
    for (;;) {
      const instance = this.currentInstance;
      if (creates) this.remoteState = true;
      const pending = operation(new NgClient(instance));
      this.inflight.add(pending);
      try {
        const result = await pending;
        this.established = true;
        return result;
      } catch (error) {
        if (this.established || !creates || !isNgUnavailable(error) || this.isClosed) throw error;
        tried.add(instance.id);
        this.forgetOn(instance);
        const next = this.host.failover(this, tried);
        if (!next)
          throw new MediaPlaneUnavailableError(`no rtpengine answered for ${this.callId}`, { cause: error });
        this.log.warn({ from: instance.id, to: next.id, err: error }, 'media session failing over');
        this.currentInstance = next;
      } finally {
        this.inflight.delete(pending);
      }
    }
  }

  private end(reason: MediaCloseReason, deleteRemote: boolean): Promise<void> {
    if (this.closing) return this.closing;
    this.closedReason = reason;
    for (const leg of this.legs) leg.sessionClosed(reason);
    this.host.sessionClosed(this, reason);
    this.emit('closed', reason);
    this.closing = deleteRemote && this.remoteState ? this.deleteRemote() : Promise.resolve();
    return this.closing;
  }

  private async deleteRemote(): Promise<void> {
    // Let commands already sent finish first, so that a late offer cannot re-create the call.
    await Promise.allSettled([...this.inflight]);
    try {
      await new NgClient(this.currentInstance).delete({ callId: this.callId });
    } catch (error) {
      if (error instanceof NgCommandError && /unknown call/i.test(error.reason)) return;
      this.log.warn({ err: error, instance: this.currentInstance.id }, 'could not delete a media session');
    }
  }

  /** Best effort: an instance that timed out may still have created the call. */
  private forgetOn(instance: MediaInstance): void {
    new NgClient(instance).delete({ callId: this.callId }).catch(() => {});
  }
}
