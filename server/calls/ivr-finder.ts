/**
 * A caller in an IVR flow (a number whose target is a flow, like the demo's main menu): the call is
 * answered by our IVR endpoint (server/sfu/ivr) through rtpengine, the flow runner (server/routing/
 * flows) says what to play and what to wait for, and the caller's keys (RFC 4733) answer it. The flow
 * ends by queueing the caller (the routing engine takes over, while the endpoint plays music and tells
 * the caller their position), transferring them, or hanging up. Every step goes into the call record.
 *
 *   Answering --answered by the endpoint--> InFlow --enqueue--> Queued --an agent answers--> (call's)
 *       |                                     |  \--transfer--> Transferring (a hunt of one target)
 *       +-------------------------------------+--hang-up, failure, caller gone--> Done
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '../shared/logger.js';
import { encodeMulaw } from '../sfu/mixer/g711.js';
import {
  IvrEndpoint,
  expectedWaitAnnouncement,
  positionAnnouncement,
  type PromptMaker,
} from '../sfu/ivr/index.js';
import type { BusinessHours } from '../routing/queues/business-hours.js';
import { answerHoursCheck } from '../routing/flows/hours-check.js';
import {
  FlowRunner,
  type FlowCommand,
  type FlowDefinition,
  type FlowEndCommand,
  type FlowEvent,
} from '../routing/flows/index.js';
import type { CallRecordWriter } from './call-record-writer.js';
import { HuntFinder, type CalleeFinder, type CallRinger } from './callee-finder.js';
import type { CallerIdentity, CallTarget } from './callee-placer.js';
import { ivrChoicesOf } from './offer-context.js';
import type { QueueFinder, QueuedCaller } from './queue-finder.js';

export interface IvrFinderDeps {
  readonly flow: FlowDefinition;
  readonly prompts: PromptMaker;
  /** µ-law music the endpoint loops while the caller waits in a queue; none without it. */
  readonly holdAudio: Uint8Array | null;
  readonly record: CallRecordWriter;
  readonly logger: Logger;
  readonly ringTimeoutMs: number;
  /** How often a waiting caller hears their position again. */
  readonly announceEveryMs: number;
  /** The queue finder for the caller, or null when the queue is unknown or nobody could answer it. */
  readonly queueFinder: (
    queue: string,
    /** The caller's menu choices (`step=key`), for the agent's desk. */
    ivrChoices: readonly string[],
  ) => { finder: QueueFinder; queueId: string } | null;
  /** A queue's id by name, or null. */
  readonly queueIdOf: (queue: string) => string | null;
  /** A queue's position of the caller, for announcements. */
  readonly positionOf: (queueId: string) => number | null;
  /** How long the caller at `position` may expect to wait, or null when there is nothing to promise. */
  readonly expectedWaitMs: (queueId: string, position: number) => number | null;
  /** A queue's business hours by name (null: always open; undefined: no such queue). */
  readonly queueHours: (queue: string) => BusinessHours | null | undefined;
  /**
   * Queues a callback to the caller in their place (a caller waiting in `queueId` since `arrivedAt`
   * pressed *, or the flow ended in a callback step); its id, or null when not possible.
   */
  readonly requestCallback: ((queueId: string, arrivedAt: number) => string | null) | null;
  /** Where a transfer step sends the caller (an agent by name or extension, or a number). */
  readonly transferTarget: (dialled: string) => Promise<CallTarget | null>;
}

export class IvrFinder implements CalleeFinder {
  private ringer: CallRinger | null = null;
  private endpoint: IvrEndpoint | null = null;
  private runner: FlowRunner | null = null;
  private inner: CalleeFinder | null = null;
  /** The runner's playback tokens by the endpoint's playback ids. */
  private readonly playbacks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private announcer: NodeJS.Timeout | null = null;
  private journalled = 0;
  private stopped = false;
  /** Waiting in a queue (for announcements and callbacks). */
  private queued: { queueId: string; at: number; finder: QueueFinder } | null = null;

  constructor(
    readonly caller: Omit<QueuedCaller, 'queueIds'> & { readonly identity: CallerIdentity },
    private readonly deps: IvrFinderDeps,
  ) {}

  start(ringer: CallRinger): void {
    this.ringer = ringer;
    this.answer().catch((error: Error) => {
      this.deps.logger.warn({ err: error, callId: this.caller.callId }, 'the IVR could not take the call');
      if (!this.stopped) {
        this.stop();
        ringer.giveUp(500, 'failed');
      }
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    this.inner?.stop();
    this.runner?.handle({ kind: 'caller-hung-up' });
    this.writeJournal();
    void this.endpoint?.close();
  }

  private async answer(): Promise<void> {
    const endpoint = await IvrEndpoint.open({ logger: this.deps.logger, id: this.caller.callId });
    this.endpoint = endpoint;
    if (this.stopped) {
      void endpoint.close();
      return;
    }
    const towardEndpoint = await this.ringer!.answerWithEndpoint(endpoint.sdp());
    endpoint.setRemote(audioAddressOf(towardEndpoint));
    endpoint.on('dtmf', (key) => {
      if (this.queued && key === CALLBACK_KEY) void this.callBack(this.queued.queueId, this.queued.at);
      else this.feed({ kind: 'digit', digit: key });
    });
    endpoint.on('playbackFinished', (id, how) => {
      const playback = this.playbacks.get(id);
      this.playbacks.delete(id);
      if (playback !== undefined && how === 'completed') this.feed({ kind: 'prompt-finished', playback });
    });
    if (this.stopped) return;
    this.runner = new FlowRunner(this.deps.flow);
    this.deps.record.event('ivr-started', { flow: this.deps.flow.id });
    this.execute(this.runner.start());
  }

  private feed(event: FlowEvent): void {
    const runner = this.runner;
    if (this.stopped || !runner || runner.isFinished) return;
    this.execute(runner.handle(event));
  }

  private execute(commands: readonly FlowCommand[]): void {
    for (const command of commands) {
      switch (command.kind) {
        case 'play':
          void this.play(command);
          break;
        case 'stop-prompts':
          this.endpoint?.stop();
          break;
        case 'collect-digits':
          break; // keys arrive as dtmf events from the endpoint
        case 'start-timer': {
          if (this.timer) clearTimeout(this.timer);
          const timer = command.timer;
          this.timer = setTimeout(() => this.feed({ kind: 'timeout', timer }), command.ms);
          this.timer.unref();
          break;
        }
        case 'check-hours':
          this.feed(answerHoursCheck(command, Date.now(), this.deps.queueHours));
          break;
        default:
          this.finish(command);
      }
    }
    this.writeJournal();
  }

  private async play(command: Extract<FlowCommand, { kind: 'play' }>): Promise<void> {
    const clips = await this.clips(command.prompts, command.voice);
    const endpoint = this.endpoint;
    if (this.stopped || !endpoint || endpoint.isClosed || this.runner?.isFinished) return;
    const id = endpoint.play(clips, { bargeIn: command.bargeIn });
    this.playbacks.set(id, command.playback);
  }

  private clips(texts: readonly string[], voice: string): Promise<Uint8Array[]> {
    return Promise.all(texts.map(async (text) => (await this.deps.prompts.load({ text, voice })).audio));
  }

  /** The flow's last word: queue the caller, send them elsewhere, or hang up. */
  private finish(command: FlowEndCommand): void {
    this.clearTimers();
    const ringer = this.ringer!;
    switch (command.kind) {
      case 'enqueue':
        this.enqueue(command.queue, ringer);
        return;
      case 'callback': {
        const queueId = this.deps.queueIdOf(command.queue);
        if (queueId) void this.callBack(queueId, Date.now());
        else this.enqueue(command.queue, ringer); // says why and turns the caller away
        return;
      }
      case 'transfer': {
        const dialled = 'number' in command.to ? command.to.number : command.to.agent;
        void this.deps.transferTarget(dialled).then((target) => {
          if (this.stopped) return;
          if (!target) return ringer.giveUp(480, 'unavailable');
          this.endpoint?.stop();
          this.inner = new HuntFinder([target], this.deps.ringTimeoutMs);
          this.inner.start(ringer);
        });
        return;
      }
      case 'voicemail':
        ringer.giveUp(480, 'unavailable');
        return;
      case 'hang-up':
        ringer.giveUp(480, 'flow-ended');
        return;
    }
  }

  private enqueue(queue: string, ringer: CallRinger): void {
    const found = this.deps.queueFinder(queue, ivrChoicesOf(this.runner?.journal ?? []));
    if (!found) {
      this.deps.record.event('queue-unavailable', { queue });
      ringer.giveUp(480, 'unavailable');
      return;
    }
    this.deps.record.update({ queueId: found.queueId });
    this.inner = found.finder;
    this.queued = { queueId: found.queueId, at: Date.now(), finder: found.finder };
    if (this.deps.holdAudio) this.endpoint?.setHoldAudio(this.deps.holdAudio);
    found.finder.start(ringer);
    void this.announce(found.queueId);
  }

  /** The caller's position now, and again every `announceEveryMs`, between the music. */
  private async announce(queueId: string): Promise<void> {
    if (this.stopped) return;
    const position = this.deps.positionOf(queueId);
    if (position === null) return; // no longer waiting: offered and answered, or gone
    const waitMs = this.deps.expectedWaitMs(queueId, position);
    const texts = [
      ...positionAnnouncement(position),
      ...(waitMs === null ? [] : expectedWaitAnnouncement(waitMs)),
      ...(this.deps.requestCallback ? [CALLBACK_OFFER] : []),
    ];
    const clips = await this.clips(texts, this.deps.flow.voice);
    if (this.stopped || !this.endpoint || this.endpoint.isClosed) return;
    this.endpoint.play(clips);
    this.deps.record.event('announced', { queueId, position, expectedWaitMs: waitMs });
    this.announcer = setTimeout(() => void this.announce(queueId), this.deps.announceEveryMs);
    this.announcer.unref();
  }

  /** The caller keeps their place as a callback, hears so, and is let go. */
  private async callBack(queueId: string, arrivedAt: number): Promise<void> {
    const ringer = this.ringer!;
    const id = this.deps.requestCallback?.(queueId, arrivedAt) ?? null;
    if (!id) {
      this.deps.record.event('callback-refused', { queueId });
      if (!this.queued) ringer.giveUp(480, 'unavailable');
      return;
    }
    this.queued?.finder.leaveForCallback();
    this.queued = null;
    this.clearTimers();
    this.deps.record.event('callback-requested', { callbackId: id, queueId });
    const endpoint = this.endpoint;
    if (!endpoint || endpoint.isClosed) return ringer.giveUp(480, 'callback-requested');
    endpoint.setHoldAudio(null);
    const clips = await this.clips([CALLBACK_CONFIRMED], this.deps.flow.voice);
    if (this.stopped) return;
    const playback = endpoint.play(clips);
    endpoint.on('playbackFinished', (finished) => {
      if (finished === playback) ringer.giveUp(480, 'callback-requested');
    });
  }

  private writeJournal(): void {
    const journal = this.runner?.journal ?? [];
    for (const entry of journal.slice(this.journalled)) {
      this.deps.record.event('ivr-step', { ...entry, at: new Date(entry.at).toISOString() });
    }
    this.journalled = journal.length;
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.announcer) clearTimeout(this.announcer);
    this.timer = null;
    this.announcer = null;
  }
}

/** The key a waiting caller presses to be called back instead. */
export const CALLBACK_KEY = '*';
export const CALLBACK_OFFER = 'To be called back instead of waiting, press star.';
export const CALLBACK_CONFIRMED = 'Thank you. We will call you back as soon as an agent is free. Goodbye.';

/** The audio address in rtpengine's SDP toward one of our endpoints (the IVR). */
export function audioAddressOf(sdp: string): { address: string; port: number } {
  const address = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = /^m=audio (\d+) /m.exec(sdp)?.[1];
  if (!address || !port) throw new Error('no audio address in the SDP toward the IVR');
  return { address, port: Number(port) };
}

/** 16-bit mono PCM WAV (the hold music) as µ-law for the endpoint's loop. */
export async function mulawFromWav(path: string): Promise<Uint8Array> {
  const wav = await readFile(path);
  const dataAt = wav.indexOf('data', 12);
  if (dataAt < 0) throw new Error(`${path} has no data chunk`);
  const start = dataAt + 8;
  const bytes = (wav.length - start) & ~1;
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + start, wav.byteOffset + start + bytes));
  const out = new Uint8Array(samples.length);
  for (let index = 0; index < samples.length; index++) out[index] = encodeMulaw(samples[index]!);
  return out;
}
