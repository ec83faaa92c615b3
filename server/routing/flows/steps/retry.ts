/**
 * A wrong or missing answer at a menu or a collect step: said again with an apology while retries
 * are left, then the step's `onFailure`. Every attempt is in the journal.
 */
import type { FlowStepOutcome } from '../flow-runner-types.js';
import type { CollectStep, MenuStep } from '../flow-schema.js';
import type { JournalDetails, StepContext } from './step-handler.js';

export function retryOrFail(
  step: MenuStep | CollectStep,
  context: StepContext,
  outcome: Extract<FlowStepOutcome, 'invalid' | 'no-input' | 'too-short'>,
  details: JournalDetails = {},
): void {
  context.record(outcome, details);
  if (context.attempt > step.retries) {
    context.record('failed', { to: step.onFailure });
    context.goTo(step.onFailure);
    return;
  }
  context.retry();
  const apology = outcome === 'no-input' ? step.noInputPrompts : step.invalidPrompts;
  ask(step, context, [...apology, ...step.prompts]);
}

/** Plays a menu's or a collect step's prompts, which a key cuts short, and asks for keys. */
export function ask(step: MenuStep | CollectStep, context: StepContext, prompts = step.prompts): void {
  context.play(prompts, true);
  if (step.kind === 'menu') context.collectDigits(1, null, step.timeoutMs);
  else context.collectDigits(step.maxDigits, step.terminator, step.timeoutMs);
}
