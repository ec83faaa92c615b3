/**
 * "For sales press 1, for support press 2": one key chooses the next step. A key that is not an
 * option, or no key within `timeoutMs` of the prompts' end, costs an attempt (retry.ts).
 */
import type { MenuStep } from '../flow-schema.js';
import { ask, retryOrFail } from './retry.js';
import type { StepHandler } from './step-handler.js';

export const menuStep: StepHandler<MenuStep> = {
  enter(step, context) {
    ask(step, context);
  },
  promptFinished(step, context) {
    context.waitForDigits(step.timeoutMs);
  },
  digit(step, context, digit) {
    const target = step.options[digit];
    if (target === undefined) {
      retryOrFail(step, context, 'invalid', { choice: digit });
      return;
    }
    context.record('chose', { choice: digit, to: target });
    context.goTo(target);
  },
  timeout(step, context) {
    retryOrFail(step, context, 'no-input');
  },
  inputEnded(step, context) {
    retryOrFail(step, context, 'no-input');
  },
};
