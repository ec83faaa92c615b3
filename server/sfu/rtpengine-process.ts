/**
 * Runs rtpengine as our child and keeps it running, the way mediasoup supervises its worker:
 * ready only once it answers an ng `ping`, restarted with exponential backoff when it dies, stopped
 * with SIGTERM and then SIGKILL, and never left behind (parent-death signal, an exit hook, and a
 * pid file for the case where Tandem itself was killed). States: RtpengineState.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { InvalidStateError } from '../shared/errors.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { BencodeDict } from './ng/bencode.js';
import { NgChannel, type NgReply, type NgRequestOverrides } from './ng/ng-channel.js';
import { NgClient } from './ng/ng-client.js';
import { NgChannelClosedError } from './ng/ng-errors.js';
import { stringList } from './ng/ng-reply-fields.js';
import type { NgRequester } from './ng/ng-types.js';
import { RestartBackoff } from './restart-backoff.js';
import { parseRtpengineLogLine, rtpengineCommand } from './rtpengine-command.js';
import { reapStaleRtpengine, removePidFile, writePidFile } from './rtpengine-pid-file.js';
import {
  RtpengineState as S,
  type RtpengineExit,
  type RtpengineHealth,
  type RtpengineProcessEvents,
  type RtpengineProcessOptions,
  type RtpengineState,
} from './rtpengine-process-types.js';

const ALLOWED: Readonly<Record<RtpengineState, readonly RtpengineState[]>> = {
  [S.Stopped]: [S.Starting],
  [S.Starting]: [S.Ready, S.BackingOff, S.Stopping, S.Stopped],
  [S.Ready]: [S.BackingOff, S.Stopping],
  [S.BackingOff]: [S.Starting, S.Stopping],
  [S.Stopping]: [S.Stopped],
};

/** One run of the child: from spawn to exit. */
interface Incarnation {
  readonly child: ChildProcess;
  readonly exited: Promise<RtpengineExit>;
  exit: RtpengineExit | null;
}

const READINESS_PING_MS = 50;
const STDERR_TAIL_LINES = 20;

export class RtpengineProcess extends TypedEmitter<RtpengineProcessEvents> implements NgRequester {
  private currentState: RtpengineState = S.Stopped;
  private incarnation: Incarnation | null = null;
  private channel: NgChannel | null = null;
  private backoff: RestartBackoff;
  private restartTimer: NodeJS.Timeout | null = null;
  private restarts = 0;
  private lastExit: RtpengineExit | null = null;
  private stopping: Promise<void> | null = null;
  private readonly stderrTail: string[] = [];
  private readonly killOnParentExit = (): void => {
    this.incarnation?.child.kill('SIGKILL');
  };

  constructor(private readonly options: RtpengineProcessOptions) {
    super(options.logger);
    this.backoff = new RestartBackoff(options.restart);
  }

  get state(): RtpengineState {
    return this.currentState;
  }

  get pid(): number | null {
    return this.incarnation?.child.pid ?? null;
  }

  health(): RtpengineHealth {
    return {
      state: this.currentState,
      pid: this.pid,
      restarts: this.restarts,
      consecutiveFailures: this.backoff.consecutiveFailures,
      lastExit: this.lastExit,
    };
  }

  /**
   * Starts rtpengine and resolves once it answers `ping`. A first start that fails (no binary,
   * port taken, no answer) rejects and leaves nothing running; later exits are restarted.
   */
  async start(): Promise<void> {
    if (this.currentState !== S.Stopped) throw new InvalidStateError(`rtpengine is ${this.currentState}`);
    this.backoff = new RestartBackoff(this.options.restart);
    this.restarts = 0;
    this.transition(S.Starting);
    try {
      if (this.options.pidFile) await reapStaleRtpengine(this.options.pidFile, this.options.logger);
      await this.runIncarnation();
    } catch (error) {
      await this.killCurrent();
      // stop() may have run meanwhile (a method call, so the narrowing above does not stick).
      if (this.isIn(S.Starting)) this.transition(S.Stopped);
      throw error;
    }
  }

  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; resolves once the child has exited. Idempotent. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.currentState === S.Stopped) return Promise.resolve();
    this.stopping = this.shutdown().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  /** Sends an ng request to the running rtpengine; refused at once while it is not ready. */
  request(command: string, params?: BencodeDict, overrides?: NgRequestOverrides): Promise<NgReply> {
    if (this.currentState !== S.Ready || !this.channel) {
      return Promise.reject(new NgChannelClosedError(command, `rtpengine is ${this.currentState}`));
    }
    return this.channel.request(command, params, overrides);
  }

  private async shutdown(): Promise<void> {
    const wasReady = this.currentState === S.Ready;
    const channel = this.channel;
    this.transition(S.Stopping);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.backoff.cancelStableTimer();
    if (wasReady && channel) await this.deleteRemainingCalls(channel);
    await this.killCurrent();
    const exit = this.lastExit;
    if (exit?.signal && exit.signal !== 'SIGTERM' && exit.signal !== 'SIGKILL') {
      this.options.logger.error({ ...exit, stderr: this.tail() }, 'rtpengine crashed while stopping');
    }
    this.channel?.close('rtpengine stopped');
    this.channel = null;
    this.transition(S.Stopped);
  }

  /**
   * rtpengine 10.5 crashes (SIGSEGV in recording_finish) when it exits with a call still being
   * recorded, so calls left over (none, normally: the media plane closes its sessions first) are
   * deleted before SIGTERM. Best effort and bounded.
   */
  private async deleteRemainingCalls(channel: NgChannel): Promise<void> {
    const quick = { timeoutMs: 250, retries: 0 };
    try {
      const reply = await channel.request('list', { limit: 10_000 }, quick);
      const calls = stringList(reply, 'calls');
      if (calls.length > 0)
        this.options.logger.warn({ calls: calls.length }, 'deleting calls left in rtpengine');
      await Promise.allSettled(
        calls.map((callId) => channel.request('delete', { 'call-id': callId, 'delete-delay': 0 }, quick)),
      );
    } catch (error) {
      this.options.logger.debug({ err: error }, 'could not list rtpengine calls before stopping');
    }
  }

  /** Spawns one child and waits until it answers; throws if it exits or stays silent. */
  private async runIncarnation(): Promise<void> {
    const incarnation = this.spawnChild();
    await this.waitUntilAnswering(incarnation);
    this.transition(S.Ready);
    this.backoff.markReady();
    this.options.logger.info({ pid: incarnation.child.pid, restarts: this.restarts }, 'rtpengine ready');
  }

  private spawnChild(): Incarnation {
    const { file, args } = rtpengineCommand(this.options);
    // The working directory is where a core dump would land: never the directory Tandem runs in.
    const cwd = this.options.workingDir ?? tmpdir();
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let settle: (exit: RtpengineExit) => void = () => {};
    const incarnation: Incarnation = {
      child,
      exit: null,
      exited: new Promise((resolve) => (settle = resolve)),
    };
    const onExit = (exit: RtpengineExit): void => {
      if (incarnation.exit) return;
      incarnation.exit = exit;
      settle(exit);
      this.handleExit(incarnation, exit);
    };
    child.once('exit', (code, signal) => onExit({ code, signal }));
    child.once('error', (error) => {
      this.stderrTail.push(error.message);
      if (child.pid === undefined) onExit({ code: null, signal: null });
    });
    this.stderrTail.length = 0;
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => this.logLine(line));
    this.incarnation = incarnation;
    process.on('exit', this.killOnParentExit);
    if (this.options.pidFile && child.pid !== undefined) writePidFile(this.options.pidFile, child.pid);
    this.options.logger.debug({ pid: child.pid, command: [file, ...args].join(' ') }, 'rtpengine spawned');
    return incarnation;
  }

  /**
   * Pings through a probe channel of its own (start-up pings are not ng traffic worth measuring),
   * then opens the channel requests use.
   */
  private async waitUntilAnswering(incarnation: Incarnation): Promise<void> {
    const deadline = performance.now() + this.options.startTimeoutMs;
    const channelOptions = {
      host: this.options.ngHost,
      port: this.options.ngPort,
      timeoutMs: this.options.ng.timeoutMs,
      retries: this.options.ng.retries,
      logger: this.options.logger,
    };
    const probe = await NgChannel.open(channelOptions);
    try {
      const client = new NgClient(probe);
      for (;;) {
        this.checkStillStarting(incarnation);
        if (performance.now() > deadline) {
          throw new Error(
            `rtpengine did not answer ping within ${this.options.startTimeoutMs} ms: ${this.tail()}`,
          );
        }
        try {
          await client.ping({ timeoutMs: READINESS_PING_MS, retries: 0 });
          break;
        } catch {
          // not listening yet, or exited: the checks above decide
        }
      }
    } finally {
      probe.close('start-up probe done');
    }
    const channel = await NgChannel.open({ ...channelOptions, observer: this.options.ngObserver });
    if (incarnation.exit || this.currentState !== S.Starting) channel.close('rtpengine is gone');
    this.checkStillStarting(incarnation);
    this.channel = channel;
  }

  private checkStillStarting(incarnation: Incarnation): void {
    if (incarnation.exit) {
      throw new Error(`rtpengine exited during start-up (${describeExit(incarnation.exit)}): ${this.tail()}`);
    }
    if (this.currentState !== S.Starting) throw new InvalidStateError('rtpengine was stopped while starting');
  }

  private handleExit(incarnation: Incarnation, exit: RtpengineExit): void {
    if (this.incarnation !== incarnation) return;
    this.incarnation = null;
    this.lastExit = exit;
    process.off('exit', this.killOnParentExit);
    if (this.options.pidFile) removePidFile(this.options.pidFile);
    this.channel?.close(`rtpengine exited (${describeExit(exit)})`);
    this.channel = null;
    if (this.currentState === S.Ready) {
      this.options.logger.error({ ...exit, stderr: this.tail() }, 'rtpengine died; restarting');
      this.emit('crashed', exit);
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    this.backoff.cancelStableTimer();
    const delayMs = this.backoff.nextDelay();
    this.transition(S.BackingOff);
    this.options.logger.info(
      { delayMs, failures: this.backoff.consecutiveFailures },
      'rtpengine restart scheduled',
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.currentState !== S.BackingOff) return;
      this.restarts += 1;
      this.transition(S.Starting);
      this.runIncarnation().catch(async (error: unknown) => {
        this.options.logger.warn({ err: error }, 'rtpengine restart failed');
        await this.killCurrent();
        if (this.currentState === S.Starting) this.scheduleRestart();
      });
    }, delayMs);
  }

  /** Ends the current child, if any: SIGTERM, SIGKILL after the stop timeout, then waits for it. */
  private async killCurrent(): Promise<void> {
    const incarnation = this.incarnation;
    if (!incarnation || incarnation.exit) return;
    incarnation.child.kill('SIGTERM');
    const escalate = setTimeout(() => {
      this.options.logger.warn({ pid: incarnation.child.pid }, 'rtpengine ignored SIGTERM; sending SIGKILL');
      incarnation.child.kill('SIGKILL');
    }, this.options.stopTimeoutMs);
    await incarnation.exited;
    clearTimeout(escalate);
  }

  private isIn(state: RtpengineState): boolean {
    return this.currentState === state;
  }

  private transition(next: RtpengineState): void {
    const previous = this.currentState;
    if (previous === next) return;
    if (!ALLOWED[previous].includes(next)) {
      throw new InvalidStateError(`rtpengine supervisor: ${previous} -> ${next} is not allowed`);
    }
    this.currentState = next;
    this.options.logger.debug({ from: previous, to: next }, 'rtpengine state');
    this.emit('state', next, previous);
  }

  private logLine(line: string): void {
    if (line.trim() === '') return;
    const { level, text } = parseRtpengineLogLine(line);
    this.stderrTail.push(text);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    this.options.logger[level]({ rtpengine: this.incarnation?.child.pid }, text);
  }

  private tail(): string {
    return this.stderrTail.slice(-5).join(' | ') || 'no output';
  }
}

function describeExit(exit: RtpengineExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code ?? 'unknown'}`;
}
