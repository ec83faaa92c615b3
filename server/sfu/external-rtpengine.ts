/**
 * An rtpengine run by someone else (mode `external`), reached over its ng port. It is pinged every
 * `healthCheckIntervalMs`; after `healthCheckFailures` unanswered pings in a row it takes no new
 * sessions until it answers again.
 */
import type { Logger } from '../shared/logger.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { MediaInstance, MediaInstanceEvents } from './media-plane-types.js';
import type { BencodeDict } from './ng/bencode.js';
import { NgChannel, type NgChannelObserver, type NgReply, type NgRequestOverrides } from './ng/ng-channel.js';
import { NgClient } from './ng/ng-client.js';
import { NgChannelClosedError } from './ng/ng-errors.js';

export interface ExternalRtpengineOptions {
  host: string;
  port: number;
  ng: { timeoutMs: number; retries: number };
  healthCheckIntervalMs: number;
  healthCheckFailures: number;
  logger: Logger;
  ngObserver?: NgChannelObserver;
}

export class ExternalRtpengine implements MediaInstance {
  readonly kind = 'external';
  readonly id: string;
  readonly events: TypedEmitter<MediaInstanceEvents>;
  private channel: NgChannel | null = null;
  private healthy = false;
  private misses = 0;
  private lastError = 'not checked yet';
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ExternalRtpengineOptions) {
    this.id = `${options.host}:${options.port}`;
    this.events = new TypedEmitter(options.logger);
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  /** Opens the channel and checks once; an instance that does not answer yet is not an error. */
  async start(): Promise<void> {
    if (this.channel) return;
    this.channel = await NgChannel.open({
      host: this.options.host,
      port: this.options.port,
      timeoutMs: this.options.ng.timeoutMs,
      retries: this.options.ng.retries,
      logger: this.options.logger,
      observer: this.options.ngObserver,
    });
    await this.check();
    if (!this.healthy) this.options.logger.warn({ instance: this.id }, 'external rtpengine is not answering');
    this.scheduleCheck();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.channel?.close('media plane stopped');
    this.channel = null;
    this.healthy = false;
  }

  request(command: string, params?: BencodeDict, overrides?: NgRequestOverrides): Promise<NgReply> {
    if (!this.channel) return Promise.reject(new NgChannelClosedError(command, 'instance stopped'));
    return this.channel.request(command, params, overrides);
  }

  describe(): string {
    return this.healthy ? `answering at ${this.id}` : `not answering at ${this.id}: ${this.lastError}`;
  }

  private scheduleCheck(): void {
    this.timer = setTimeout(() => {
      void this.check().finally(() => {
        if (this.channel) this.scheduleCheck();
      });
    }, this.options.healthCheckIntervalMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    try {
      await new NgClient(channel).ping({ timeoutMs: this.options.ng.timeoutMs, retries: 0 });
      this.misses = 0;
      if (!this.healthy) {
        this.healthy = true;
        this.options.logger.info({ instance: this.id }, 'external rtpengine answering');
        this.events.emit('up');
      }
    } catch (error) {
      if (channel !== this.channel) return; // stopped meanwhile
      this.misses += 1;
      this.lastError = (error as Error).message;
      if (this.healthy && this.misses >= this.options.healthCheckFailures) {
        this.healthy = false;
        this.options.logger.warn(
          { instance: this.id, misses: this.misses },
          'external rtpengine stopped answering',
        );
        this.events.emit('down', this.lastError);
      }
    }
  }
}
