/**
 * An IVR flow as data (STYLE.md "Flows are data"): a start step and a list of steps, each with an
 * id, a kind and the ids of the steps it leads to. A flow is checked twice when it is loaded: each
 * step's fields by the zod schema below, then the flow as a graph (flow-graph.ts): unknown or
 * duplicate ids, steps never reached, steps that can never reach an end, loops that never wait for
 * the caller. A flow that passes cannot leave a caller stuck: every path ends in a queue, a
 * transfer, voicemail, a callback or a hang-up, and `maxSteps` bounds what a caller's own choices
 * can repeat (a "press 9 to hear this again" loop).
 *
 *   id: main-menu
 *   start: welcome
 *   steps:
 *     - { id: welcome, kind: play, prompts: ["Thank you for calling."], next: menu }
 *     - { id: menu, kind: menu, prompts: ["For sales, press 1."], options: { "1": sales }, onFailure: sales }
 *     - { id: sales, kind: queue, queue: sales }
 */
import { z } from 'zod';
import { businessHoursSchema } from '../queues/business-hours.js';
import { skillRequirementSchema } from '../queues/queue-config.js';
import { checkFlowGraph, isEndKind, type END_STEP_KINDS } from './flow-graph.js';

/** The keys of a telephone keypad (RFC 4733 events 0-11): what a menu option can be. */
export const KEYPAD_KEYS = '0123456789*#';
/** Keys an RFC 4733 endpoint may report; A-D exist on some phones and are never a menu option. */
export const DTMF_KEYS = '0123456789*#ABCD';

export const stepIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  error: 'expected a step id: letters, digits, "-" and "_", at most 64 characters',
});

const promptsSchema = z
  .array(z.string().trim().min(1, { error: 'expected the text of a prompt' }).max(500), {
    error: 'expected a list of prompt texts',
  })
  .min(1, { error: 'expected at least one prompt' });

const waitMs = z
  .number({ error: 'expected milliseconds' })
  .int({ error: 'expected whole milliseconds' })
  .min(500, { error: 'expected at least 500 ms' })
  .max(120_000, { error: 'expected at most 120000 ms' });

const retries = z.number().int().min(0).max(9);

const attributesSchema = z.record(z.string().min(1).max(64), z.string().max(256));

const e164 = z.string().regex(/^\+[1-9][0-9]{1,14}$/, { error: 'expected an E.164 number like +15550100' });

const optionsSchema = z.record(z.string(), stepIdSchema).superRefine((options, context) => {
  const keys = Object.keys(options);
  // `continue: false`: the flow's graph is not checked over options that are not options.
  if (keys.length === 0) {
    context.addIssue({ code: 'custom', message: 'expected at least one option', continue: false });
  }
  for (const key of keys) {
    if (key.length !== 1 || !KEYPAD_KEYS.includes(key)) {
      context.addIssue({
        code: 'custom',
        continue: false,
        path: [key],
        message: `"${key}" is not a key of the keypad: expected one of 0-9, * or #`,
      });
    }
  }
});

export const playStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('play'),
  prompts: promptsSchema,
  /** A key press cuts the prompt short and goes on to `next`, which gets the key (type-ahead). */
  bargeIn: z.boolean().default(false),
  next: stepIdSchema,
});

export const menuStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('menu'),
  prompts: promptsSchema,
  /** Keypad key -> step. */
  options: optionsSchema,
  /** How long to wait for a key once the prompts have been played. */
  timeoutMs: waitMs.default(5_000),
  /** Attempts after the first, on a wrong key or no key at all. */
  retries: retries.default(2),
  invalidPrompts: promptsSchema.default(['Sorry, that is not one of the choices.']),
  noInputPrompts: promptsSchema.default(['Sorry, I did not hear your choice.']),
  /** Where the caller goes when every attempt failed. */
  onFailure: stepIdSchema,
});

export const collectStepSchema = z
  .strictObject({
    id: stepIdSchema,
    kind: z.literal('collect'),
    prompts: promptsSchema,
    /** The call attribute the digits are stored in (the queue and the agent see it). */
    attribute: z.string().min(1).max(64),
    minDigits: z.number().int().min(1).max(32).default(1),
    maxDigits: z.number().int().min(1).max(32),
    /** Ends the entry early and is not part of it; null for none. */
    terminator: z.enum(['#', '*']).nullable().default('#'),
    /** Wait for the first key after the prompts. */
    timeoutMs: waitMs.default(5_000),
    /** Wait between keys. */
    interDigitTimeoutMs: waitMs.default(3_000),
    retries: retries.default(2),
    /** The digits are masked in the call's record (account or card numbers). */
    sensitive: z.boolean().default(false),
    invalidPrompts: promptsSchema.default(['Sorry, that was too short.']),
    noInputPrompts: promptsSchema.default(['Sorry, I did not hear anything.']),
    next: stepIdSchema,
    onFailure: stepIdSchema,
  })
  .refine((step) => step.minDigits <= step.maxDigits, {
    error: 'expected minDigits to be at most maxDigits',
    path: ['minDigits'],
  });

export const checkHoursStepSchema = z
  .strictObject({
    id: stepIdSchema,
    kind: z.literal('check-hours'),
    /** Hours of its own, or `queue`: that queue's business hours (the host looks them up). */
    hours: businessHoursSchema.optional(),
    queue: z.string().min(1).optional(),
    open: stepIdSchema,
    closed: stepIdSchema,
  })
  .refine((step) => (step.hours === undefined) !== (step.queue === undefined), {
    error: 'expected either "hours" or "queue", not both and not neither',
  });

export const setStepSchema = z
  .strictObject({
    id: stepIdSchema,
    kind: z.literal('set'),
    attributes: attributesSchema.default({}),
    skills: z.array(skillRequirementSchema).default([]),
    next: stepIdSchema,
  })
  .refine((step) => Object.keys(step.attributes).length > 0 || step.skills.length > 0, {
    error: 'expected attributes or skills to set',
  });

export const queueStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('queue'),
  queue: z.string().min(1),
  skills: z.array(skillRequirementSchema).default([]),
  attributes: attributesSchema.default({}),
});

export const transferStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('transfer'),
  to: z.union([z.strictObject({ number: e164 }), z.strictObject({ agent: z.string().min(1) })], {
    error: 'expected { number: "+15550123" } or { agent: "username" }',
  }),
});

export const voicemailStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('voicemail'),
  mailbox: z.string().min(1),
});

export const callbackStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('callback'),
  /** The queue whose agents call back. */
  queue: z.string().min(1),
});

export const hangupStepSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('hangup'),
});

export const flowStepSchema = z.discriminatedUnion('kind', [
  playStepSchema,
  menuStepSchema,
  collectStepSchema,
  checkHoursStepSchema,
  setStepSchema,
  queueStepSchema,
  transferStepSchema,
  voicemailStepSchema,
  callbackStepSchema,
  hangupStepSchema,
]);

export const flowSchema = z
  .strictObject({
    id: stepIdSchema,
    name: z.string().default(''),
    /** The espeak-ng voice the prompts are spoken in. */
    voice: z
      .string()
      .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*(\+[a-z0-9]+)?$/i, { error: 'expected a voice like "en-us"' })
      .default('en-us'),
    start: stepIdSchema,
    /** Steps one call may run before it goes to `fallback`: bounds loops the caller keeps choosing. */
    maxSteps: z.number().int().min(2).max(1_000).default(50),
    /** An end step (queue, transfer, voicemail, callback, hangup) for a call that ran `maxSteps`; none hangs up. */
    fallback: stepIdSchema.optional(),
    steps: z.array(flowStepSchema).min(1, { error: 'expected at least one step' }),
  })
  .superRefine(checkFlowGraph);

export type FlowDefinition = z.infer<typeof flowSchema>;
export type FlowDefinitionInput = z.input<typeof flowSchema>;
export type FlowStep = FlowDefinition['steps'][number];
export type FlowStepKind = FlowStep['kind'];
export type StepOfKind<K extends FlowStepKind> = Extract<FlowStep, { kind: K }>;
export type PlayStep = StepOfKind<'play'>;
export type MenuStep = StepOfKind<'menu'>;
export type CollectStep = StepOfKind<'collect'>;
export type CheckHoursStep = StepOfKind<'check-hours'>;
export type SetStep = StepOfKind<'set'>;

export { END_STEP_KINDS } from './flow-graph.js';
export type EndStep = StepOfKind<(typeof END_STEP_KINDS)[number]>;

export function isEndStep(step: FlowStep): step is EndStep {
  return isEndKind(step.kind);
}
