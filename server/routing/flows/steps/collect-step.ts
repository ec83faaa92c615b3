/**
 * Gathers an account number or the like: keys until `maxDigits`, the terminator, or a pause of
 * `interDigitTimeoutMs`; fewer than `minDigits` (or none within `timeoutMs`) costs an attempt.
 * The digits go into a call attribute; the journal masks them when the step is `sensitive`.
 */
import type { CollectStep } from '../flow-schema.js';
import { ask, retryOrFail } from './retry.js';
import type { StepContext, StepHandler } from './step-handler.js';

function complete(step: CollectStep, context: StepContext): void {
  const digits = context.digits;
  const recorded = step.sensitive ? '*'.repeat(digits.length) : digits;
  if (digits.length < step.minDigits) {
    retryOrFail(step, context, digits.length === 0 ? 'no-input' : 'too-short', { digits: recorded });
    return;
  }
  context.setAttribute(step.attribute, digits);
  context.record('collected', { digits: recorded, to: step.next });
  context.goTo(step.next);
}

export const collectStep: StepHandler<CollectStep> = {
  enter(step, context) {
    ask(step, context);
  },
  promptFinished(step, context) {
    context.waitForDigits(context.digits.length > 0 ? step.interDigitTimeoutMs : step.timeoutMs);
  },
  digit(step, context, digit) {
    if (digit === step.terminator) {
      complete(step, context);
      return;
    }
    context.addDigit(digit);
    if (context.digits.length >= step.maxDigits) complete(step, context);
    else context.waitForDigits(step.interDigitTimeoutMs);
  },
  timeout(step, context) {
    complete(step, context);
  },
  inputEnded(step, context) {
    complete(step, context);
  },
};
