/**
 * Options of the routing engine, validated like the rest of Tandem's configuration: strict zod
 * objects (an unknown key is an error) with defaults that make an empty object a working setup.
 */
import { z } from 'zod';
import { SYSTEM_NOT_READY_REASONS } from './agents/agent-state.js';
import { parseConfig } from './parse-config.js';
import { isTimeZone } from './time-zone.js';

const duration = (what: string) =>
  z.number({ error: `expected ${what} in milliseconds` }).int({ error: `expected whole milliseconds` });

const reasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'expected a lower-case reason code like "break" or "lunch"' })
  .refine((code) => !SYSTEM_NOT_READY_REASONS.includes(code), {
    error: `is reserved for the server (${SYSTEM_NOT_READY_REASONS.join(', ')})`,
  });

const e164 = z.string().regex(/^\+[1-9][0-9]{1,14}$/, { error: 'expected an E.164 number like +15550100' });

export const routingOptionsSchema = z.strictObject({
  /** How long an offer rings before it counts as not answered (RONA); a queue may override it. */
  ringTimeoutMs: duration('a ring time').min(1_000).default(15_000),
  /** Unanswered offers in a row that move an agent to NotReady with reason "rona". */
  ronaLimit: z.number().int().min(1).default(2),
  /** Wrap-up after a call when neither the agent nor the queue sets one; 0 means none. */
  wrapUpMs: duration('a wrap-up time').min(0).default(15_000),
  /** How much an agent may extend one wrap-up in total. */
  maxWrapUpExtensionMs: duration('an extension limit').min(0).default(120_000),
  /** Reasons an agent may pick for NotReady. */
  notReadyReasons: z.array(reasonCode).min(1).default(['break', 'lunch', 'training', 'meeting', 'coaching']),
  /** Where an agent lands after logging in. */
  stateAfterLogin: z.enum(['NotReady', 'Available']).default('NotReady'),
  /** How often the engine asks the calls layer whether an agent's call still exists (0: never). */
  callAuditMs: duration('an audit interval').min(0).default(60_000),
  /** An agent who missed or declined a call is not offered that same call again for this long. */
  reofferSameAgentAfterMs: duration('a re-offer delay').min(0).default(30_000),
  /** Callers whose number is listed jump ahead by vipPriorityBoost. */
  vipNumbers: z.array(e164).default([]),
  vipPriorityBoost: z.number().int().min(0).default(10),
  /** Where "today" starts for talk time and calls today (an IANA time zone). */
  dayTimeZone: z
    .string()
    .refine(isTimeZone, { error: 'expected an IANA time zone like "Europe/Paris"' })
    .default('UTC'),
});

export type RoutingOptions = z.infer<typeof routingOptionsSchema>;

/** Options with every default filled in; throws a ConfigError naming each bad key. */
export function routingOptions(input: z.input<typeof routingOptionsSchema> = {}): RoutingOptions {
  return parseConfig(routingOptionsSchema, input, 'routing options');
}
