/** Open or closed now? The host answers from business-hours.ts (answerHoursCheck). */
import type { CheckHoursStep } from '../flow-schema.js';
import type { StepHandler } from './step-handler.js';

export const checkHoursStep: StepHandler<CheckHoursStep> = {
  enter(step, context) {
    context.checkHours(step.hours ?? null, step.queue ?? null);
  },
  hours(step, context, open) {
    const to = open ? step.open : step.closed;
    context.record(open ? 'open' : 'closed', { to });
    context.goTo(to);
  },
};
