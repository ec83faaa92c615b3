/**
 * Runs one call through a flow: an explicit state machine that takes the host's events and gives
 * back commands (flow-runner-types.ts), with a journal of the steps for the call's record. Pure:
 * no I/O, no timers, no exceptions for events out of place (they are ignored and counted).
 *
 *            start()
 *   Idle -------------> Prompting <-----------------+  play (a step's prompts, or a retry's)
 *                        |    |                     |
 *     prompt finished    |    | key (barge-in)      |
 *     (menu, collect)    v    v                     |
 *                  WaitingForKeys ---- key, timeout-+
 *                        |
 *   CheckingHours <------+-- a check-hours step; `hours` moves on
 *        |
 *        +--> ... any state --- end step, step limit, caller hung up ---> Finished
 *
 * A flow that passed the schema always reaches an end: every step can reach an end step, no loop
 * runs without waiting for the caller, every wait has a timeout with bounded retries, and more
 * than `maxSteps` steps send the call to the flow's `fallback` (or hang up).
 */
import type { BusinessHours } from '../queues/business-hours.js';
import { InvalidStateError } from '../../shared/errors.js';
import type { SkillRequirement } from '../skills.js';
import {
  type FlowCommand,
  type FlowEndCommand,
  type FlowEvent,
  type FlowJournalEntry,
  type FlowRunnerOptions,
  type FlowStepOutcome,
} from './flow-runner-types.js';
import { DTMF_KEYS, type FlowDefinition, type FlowStep } from './flow-schema.js';
import { handlerFor } from './steps/step-handlers.js';
import type { JournalDetails, StepContext } from './steps/step-handler.js';

export enum FlowRunnerState {
  Idle = 'idle',
  Prompting = 'prompting',
  WaitingForKeys = 'waiting-for-keys',
  CheckingHours = 'checking-hours',
  Finished = 'finished',
}

const RUNNING = [FlowRunnerState.Prompting, FlowRunnerState.WaitingForKeys, FlowRunnerState.CheckingHours];
const ALLOWED: Readonly<Record<FlowRunnerState, readonly FlowRunnerState[]>> = {
  [FlowRunnerState.Idle]: [...RUNNING, FlowRunnerState.Finished],
  [FlowRunnerState.Prompting]: [...RUNNING, FlowRunnerState.Finished],
  [FlowRunnerState.WaitingForKeys]: [...RUNNING, FlowRunnerState.Finished],
  [FlowRunnerState.CheckingHours]: [...RUNNING, FlowRunnerState.Finished],
  [FlowRunnerState.Finished]: [],
};

export class FlowRunner {
  private currentState = FlowRunnerState.Idle;
  private readonly steps: ReadonlyMap<string, FlowStep>;
  private readonly now: () => number;
  private readonly entries: FlowJournalEntry[] = [];
  private step: FlowStep | null = null;
  private playback = 0;
  private playbackBargeIn = false;
  private timer = 0;
  private stepsRun = 0;
  private ignoredEvents = 0;
  /** What the caller did so far: the current step's attempt and keys, and what the flow set. */
  private readonly progress: {
    attempt: number;
    digits: string;
    attributes: Record<string, string>;
    skills: SkillRequirement[];
  } = { attempt: 1, digits: '', attributes: {}, skills: [] };
  private endCommand: FlowEndCommand | null = null;
  /** Commands given while handling the current event. */
  private out: FlowCommand[] = [];
  private readonly context: StepContext;

  constructor(
    readonly flow: FlowDefinition,
    options: FlowRunnerOptions = {},
  ) {
    this.steps = new Map(flow.steps.map((step) => [step.id, step]));
    this.now = options.now ?? Date.now;
    this.context = this.createContext();
  }

  get state(): FlowRunnerState {
    return this.currentState;
  }

  get isFinished(): boolean {
    return this.currentState === FlowRunnerState.Finished;
  }

  /** The step the caller is at; null before start and after the end. */
  get currentStepId(): string | null {
    return this.isFinished ? null : (this.step?.id ?? null);
  }

  /** Every step's outcome so far, for the call's record. */
  get journal(): readonly FlowJournalEntry[] {
    return this.entries;
  }

  /** How the flow ended; null while it runs, or when the caller hung up first. */
  get result(): FlowEndCommand | null {
    return this.endCommand;
  }

  /** Events that came when nothing waited for them (late, duplicated, or not valid keys). */
  get ignored(): number {
    return this.ignoredEvents;
  }

  /** Enters the start step. Once only. */
  start(): FlowCommand[] {
    if (this.currentState !== FlowRunnerState.Idle) {
      throw new InvalidStateError(`flow ${this.flow.id} has already started`);
    }
    return this.collect(() => this.enter(this.flow.start));
  }

  /** Takes one event from the host; returns the commands to carry out, in order. Never throws for an event. */
  handle(event: FlowEvent): FlowCommand[] {
    return this.collect(() => {
      if (!this.dispatch(event)) this.ignoredEvents += 1;
    });
  }

  private collect(run: () => void): FlowCommand[] {
    this.out = [];
    run();
    const commands = this.out;
    this.out = [];
    // A key typed ahead stops the next step's prompts as soon as they are asked for: such a
    // playback is dropped here rather than started and stopped at once.
    const stopped = new Set(
      commands.flatMap((command) => (command.kind === 'stop-prompts' ? [command.playback] : [])),
    );
    const played = new Set(
      commands.flatMap((command) => (command.kind === 'play' ? [command.playback] : [])),
    );
    return commands.filter(
      (command) =>
        !(command.kind === 'play' && stopped.has(command.playback)) &&
        !(command.kind === 'stop-prompts' && played.has(command.playback)),
    );
  }

  /** Whether the event was taken. */
  private dispatch(event: FlowEvent): boolean {
    const step = this.step;
    if (!step || this.isFinished || this.currentState === FlowRunnerState.Idle) return false;
    const handler = handlerFor(step);
    switch (event.kind) {
      case 'caller-hung-up':
        this.record('caller-hung-up');
        this.transition(FlowRunnerState.Finished);
        return true;
      case 'prompt-finished':
        if (this.currentState !== FlowRunnerState.Prompting || event.playback !== this.playback) return false;
        handler.promptFinished?.(step, this.context);
        return true;
      case 'timeout':
        if (this.currentState !== FlowRunnerState.WaitingForKeys || event.timer !== this.timer) return false;
        handler.timeout?.(step, this.context);
        return true;
      case 'hours':
        if (this.currentState !== FlowRunnerState.CheckingHours || typeof event.open !== 'boolean')
          return false;
        handler.hours?.(step, this.context, event.open);
        return true;
      case 'digit':
        return this.key(event.digit);
      case 'digits-collected':
        return this.keys(event.digits);
      default:
        return false;
    }
  }

  /** One key: to a step waiting for keys, or one whose prompts a key may cut short. */
  private key(digit: unknown): boolean {
    if (typeof digit !== 'string' || digit.length !== 1 || !DTMF_KEYS.includes(digit)) return false;
    const step = this.step!;
    const handler = handlerFor(step);
    if (!handler.digit) return false;
    if (this.currentState === FlowRunnerState.Prompting) {
      if (!this.playbackBargeIn) return false;
      this.out.push({ kind: 'stop-prompts', playback: this.playback });
      // Until the next play, no playback is current: a late prompt-finished for this one is stale.
      this.playback += 1;
    } else if (this.currentState !== FlowRunnerState.WaitingForKeys) {
      return false;
    }
    handler.digit(step, this.context, digit);
    return true;
  }

  /** Keys the host gathered itself: each one as a key, then the end of the entry. */
  private keys(digits: unknown): boolean {
    if (typeof digits !== 'string' || digits.length > 64) return false;
    const at = this.step;
    const attempt = this.progress.attempt;
    let taken = false;
    for (const digit of digits) taken = this.key(digit) || taken;
    const stillAsking = this.step === at && this.progress.attempt === attempt && !this.isFinished;
    if (stillAsking && this.currentState === FlowRunnerState.WaitingForKeys) {
      handlerFor(at!).inputEnded?.(at!, this.context);
      return true;
    }
    return taken;
  }

  private enter(stepId: string, typeAhead?: string): void {
    const step = this.steps.get(stepId);
    if (!step) throw new InvalidStateError(`flow ${this.flow.id} has no step ${stepId}`); // the schema prevents it
    this.stepsRun += 1;
    if (this.stepsRun > this.flow.maxSteps) {
      this.stepLimitReached();
      return;
    }
    this.step = step;
    this.progress.attempt = 1;
    this.progress.digits = '';
    handlerFor(step).enter(step, this.context);
    if (typeAhead !== undefined && !this.isFinished) this.key(typeAhead);
  }

  private stepLimitReached(): void {
    this.record('step-limit');
    const fallback = this.flow.fallback === undefined ? undefined : this.steps.get(this.flow.fallback);
    if (fallback) {
      // An end step (the schema checks): it ends the flow at once, whatever the budget.
      this.step = fallback;
      handlerFor(fallback).enter(fallback, this.context);
    }
    if (!this.isFinished) this.end({ kind: 'hang-up', reason: 'step-limit' });
  }

  private end(command: FlowEndCommand): void {
    this.endCommand = command;
    this.out.push(command);
    this.transition(FlowRunnerState.Finished);
  }

  private record(outcome: FlowStepOutcome, details: JournalDetails = {}): void {
    const step = this.step;
    if (!step) return;
    const asks = step.kind === 'menu' || step.kind === 'collect';
    this.entries.push({
      at: this.now(),
      stepId: step.id,
      kind: step.kind,
      outcome,
      ...(asks ? { attempt: this.progress.attempt } : {}),
      ...details,
    });
  }

  private createContext(): StepContext {
    const progress = this.progress;
    return {
      get attempt() {
        return progress.attempt;
      },
      get digits() {
        return progress.digits;
      },
      get attributes() {
        return progress.attributes;
      },
      get skills() {
        return progress.skills;
      },
      play: (prompts, bargeIn) => this.play(prompts, bargeIn),
      collectDigits: (maxDigits, terminator, timeoutMs) =>
        this.out.push({ kind: 'collect-digits', maxDigits, terminator, timeoutMs }),
      waitForDigits: (ms) => this.waitForDigits(ms),
      addDigit: (digit) => {
        progress.digits += digit;
      },
      retry: () => {
        progress.attempt += 1;
        progress.digits = '';
      },
      checkHours: (hours: BusinessHours | null, queue: string | null) => {
        this.out.push({ kind: 'check-hours', hours, queue });
        this.transition(FlowRunnerState.CheckingHours);
      },
      setAttribute: (name, value) => {
        progress.attributes[name] = value;
      },
      addSkills: (skills) => {
        progress.skills = [...progress.skills, ...skills];
      },
      record: (outcome, details) => this.record(outcome, details),
      goTo: (stepId, typeAhead) => this.enter(stepId, typeAhead),
      end: (command) => this.end(command),
    };
  }

  private play(prompts: readonly string[], bargeIn: boolean): void {
    this.playback += 1;
    this.playbackBargeIn = bargeIn;
    this.out.push({
      kind: 'play',
      playback: this.playback,
      prompts: [...prompts],
      voice: this.flow.voice,
      bargeIn,
    });
    this.transition(FlowRunnerState.Prompting);
  }

  private waitForDigits(ms: number): void {
    this.timer += 1;
    this.out.push({ kind: 'start-timer', timer: this.timer, ms });
    this.transition(FlowRunnerState.WaitingForKeys);
  }

  private transition(next: FlowRunnerState): void {
    const previous = this.currentState;
    if (previous === next) return;
    if (!ALLOWED[previous].includes(next)) {
      throw new InvalidStateError(`flow ${this.flow.id}: ${previous} -> ${next} is not allowed`);
    }
    // Leaving the wait makes its timer stale, whatever the host does with it.
    if (previous === FlowRunnerState.WaitingForKeys) this.timer += 1;
    this.currentState = next;
  }
}
