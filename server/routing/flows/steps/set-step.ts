/** Sets call attributes and adds skill requirements, which the queue step then hands on. */
import type { SetStep } from '../flow-schema.js';
import type { StepHandler } from './step-handler.js';

export const setStep: StepHandler<SetStep> = {
  enter(step, context) {
    for (const [name, value] of Object.entries(step.attributes)) context.setAttribute(name, value);
    context.addSkills(step.skills);
    context.record('set', { to: step.next });
    context.goTo(step.next);
  },
};
