/**
 * The rtpengine Tandem runs itself (mode `embedded`), as a media-plane instance: healthy while
 * the supervised process is ready; every exit loses its sessions.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { MediaInstance, MediaInstanceEvents } from './media-plane-types.js';
import type { BencodeDict } from './ng/bencode.js';
import type { NgReply, NgRequestOverrides } from './ng/ng-channel.js';
import { RtpengineProcess } from './rtpengine-process.js';
import { RtpengineState, type RtpengineProcessOptions } from './rtpengine-process-types.js';

export class EmbeddedRtpengine implements MediaInstance {
  readonly kind = 'embedded';
  readonly events: TypedEmitter<MediaInstanceEvents>;
  readonly process: RtpengineProcess;

  constructor(
    readonly id: string,
    private readonly options: RtpengineProcessOptions,
  ) {
    this.events = new TypedEmitter(options.logger);
    this.process = new RtpengineProcess(options);
    this.process.on('crashed', (exit) =>
      this.events.emit('sessionsLost', `rtpengine exited (${exit.signal ?? `code ${exit.code}`})`),
    );
    this.process.on('state', (next, previous) => {
      if (next === RtpengineState.Ready) this.events.emit('up');
      if (previous === RtpengineState.Ready) this.events.emit('down', `rtpengine is ${next}`);
      if (previous === RtpengineState.BackingOff && next === RtpengineState.Starting) {
        this.events.emit('restarted');
      }
    });
  }

  get isHealthy(): boolean {
    return this.process.state === RtpengineState.Ready;
  }

  async start(): Promise<void> {
    if (this.options.recordingDir) mkdirSync(this.options.recordingDir, { recursive: true });
    if (this.options.pidFile) mkdirSync(dirname(this.options.pidFile), { recursive: true });
    await this.process.start();
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  request(command: string, params?: BencodeDict, overrides?: NgRequestOverrides): Promise<NgReply> {
    return this.process.request(command, params, overrides);
  }

  describe(): string {
    const { state, pid, restarts } = this.process.health();
    const ports = `ng ${this.options.ngHost}:${this.options.ngPort}, media ${this.options.portMin}-${this.options.portMax}`;
    return `${state}${pid ? `, pid ${pid}` : ''}, ${restarts} restarts, ${ports}`;
  }
}
