/** The handler of each step kind. */
import type { FlowStep, FlowStepKind, StepOfKind } from '../flow-schema.js';
import { checkHoursStep } from './check-hours-step.js';
import { collectStep } from './collect-step.js';
import { callbackStep, hangupStep, queueStep, transferStep, voicemailStep } from './end-steps.js';
import { menuStep } from './menu-step.js';
import { playStep } from './play-step.js';
import { setStep } from './set-step.js';
import type { StepHandler } from './step-handler.js';

const HANDLERS: { readonly [K in FlowStepKind]: StepHandler<StepOfKind<K>> } = {
  play: playStep,
  menu: menuStep,
  collect: collectStep,
  'check-hours': checkHoursStep,
  set: setStep,
  queue: queueStep,
  transfer: transferStep,
  voicemail: voicemailStep,
  callback: callbackStep,
  hangup: hangupStep,
};

export function handlerFor<S extends FlowStep>(step: S): StepHandler<S> {
  return HANDLERS[step.kind] as unknown as StepHandler<S>;
}
