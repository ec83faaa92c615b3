/**
 * What a step does when the caller reaches it and when an event comes while it is the current
 * step: one small handler per kind (STYLE.md "Flows are data"), run by FlowRunner, which owns the
 * state machine, the tokens and the journal. A handler only calls its context.
 */
import type { BusinessHours } from '../../queues/business-hours.js';
import type { SkillRequirement } from '../../skills.js';
import type { FlowEndCommand, FlowJournalEntry, FlowStepOutcome } from '../flow-runner-types.js';
import type { FlowStep } from '../flow-schema.js';

export type JournalDetails = Pick<FlowJournalEntry, 'choice' | 'digits' | 'to'>;

export interface StepContext {
  /** 1 on the first try of the current step, then one more per retry. */
  readonly attempt: number;
  /** Keys gathered by the current step so far. */
  readonly digits: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly skills: readonly SkillRequirement[];
  play(prompts: readonly string[], bargeIn: boolean): void;
  collectDigits(maxDigits: number, terminator: string | null, timeoutMs: number): void;
  /** Arms the step's timer; the runner waits for keys until it fires. */
  waitForDigits(ms: number): void;
  addDigit(digit: string): void;
  /** Starts the current step's next attempt: its keys are forgotten. */
  retry(): void;
  checkHours(hours: BusinessHours | null, queue: string | null): void;
  setAttribute(name: string, value: string): void;
  addSkills(skills: readonly SkillRequirement[]): void;
  record(outcome: FlowStepOutcome, details?: JournalDetails): void;
  /** Moves on; `typeAhead` is a key that cut a prompt short, handed to the next step. */
  goTo(stepId: string, typeAhead?: string): void;
  end(command: FlowEndCommand): void;
}

export interface StepHandler<S extends FlowStep = FlowStep> {
  enter(step: S, context: StepContext): void;
  promptFinished?(step: S, context: StepContext): void;
  digit?(step: S, context: StepContext, digit: string): void;
  timeout?(step: S, context: StepContext): void;
  /** The host says the caller's entry is over (digits-collected). */
  inputEnded?(step: S, context: StepContext): void;
  hours?(step: S, context: StepContext, open: boolean): void;
}
