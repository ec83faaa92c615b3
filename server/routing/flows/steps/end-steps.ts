/**
 * The steps where the caller leaves the IVR: into a queue (with the skills and attributes set on
 * the way), to a number or an agent, to voicemail, to a callback, or hung up on.
 */
import type { SkillRequirement } from '../../skills.js';
import type { StepOfKind } from '../flow-schema.js';
import type { StepHandler } from './step-handler.js';

/** The flow's requirements, then the queue step's: a later one for the same skill wins. */
function mergeSkills(
  earlier: readonly SkillRequirement[],
  later: readonly SkillRequirement[],
): SkillRequirement[] {
  const bySkill = new Map<string, SkillRequirement>();
  for (const requirement of [...earlier, ...later]) bySkill.set(requirement.skill, requirement);
  return [...bySkill.values()];
}

export const queueStep: StepHandler<StepOfKind<'queue'>> = {
  enter(step, context) {
    context.record('enqueued');
    context.end({
      kind: 'enqueue',
      queue: step.queue,
      skills: mergeSkills(context.skills, step.skills),
      attributes: { ...context.attributes, ...step.attributes },
    });
  },
};

export const transferStep: StepHandler<StepOfKind<'transfer'>> = {
  enter(step, context) {
    context.record('transferred');
    context.end({ kind: 'transfer', to: step.to, attributes: { ...context.attributes } });
  },
};

export const voicemailStep: StepHandler<StepOfKind<'voicemail'>> = {
  enter(step, context) {
    context.record('voicemail');
    context.end({ kind: 'voicemail', mailbox: step.mailbox, attributes: { ...context.attributes } });
  },
};

export const callbackStep: StepHandler<StepOfKind<'callback'>> = {
  enter(step, context) {
    context.record('callback');
    context.end({ kind: 'callback', queue: step.queue, attributes: { ...context.attributes } });
  },
};

export const hangupStep: StepHandler<StepOfKind<'hangup'>> = {
  enter(_step, context) {
    context.record('hung-up');
    context.end({ kind: 'hang-up', reason: 'flow' });
  },
};
