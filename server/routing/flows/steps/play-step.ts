/** Plays prompts, then goes on; with `bargeIn` a key cuts them short and is handed to `next`. */
import type { PlayStep } from '../flow-schema.js';
import type { StepHandler } from './step-handler.js';

export const playStep: StepHandler<PlayStep> = {
  enter(step, context) {
    context.play(step.prompts, step.bargeIn);
  },
  promptFinished(step, context) {
    context.record('played', { to: step.next });
    context.goTo(step.next);
  },
  digit(step, context, digit) {
    context.record('interrupted', { choice: digit, to: step.next });
    context.goTo(step.next, digit);
  },
};
