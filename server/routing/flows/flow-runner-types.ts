/**
 * The flow runner's contract with whoever hosts a call in an IVR (the calls layer): the events it
 * takes, the commands it gives, and the journal it keeps for the call's record.
 *
 * The runner does no I/O and keeps no timers. The host carries out each command and reports back:
 *
 *   play {playback}          -> prompt-finished {playback} once the prompts were played to the end
 *   stop-prompts {playback}  -> (nothing: a stopped playback reports no prompt-finished)
 *   collect-digits           -> digit {digit} per key the caller presses (RFC 4733 or SIP INFO), or
 *                               digits-collected {digits} when the host gathered them itself
 *   start-timer {timer, ms}  -> timeout {timer} when it fires; a newer start-timer replaces it
 *   check-hours              -> hours {open} (answerHoursCheck does it with business-hours.ts)
 *   enqueue, transfer, callback, voicemail, hang-up: the flow's end; nothing more comes from it.
 *
 * Tokens (`playback`, `timer`) make late reports harmless: a prompt-finished or a timeout for
 * anything but the current playback or timer is ignored, as is any event the runner's state does
 * not expect. The caller hanging up is reported with caller-hung-up.
 */
import type { BusinessHours } from '../queues/business-hours.js';
import type { SkillRequirement } from '../skills.js';
import type { FlowStepKind } from './flow-schema.js';

export type FlowEvent =
  | { readonly kind: 'prompt-finished'; readonly playback: number }
  | { readonly kind: 'digit'; readonly digit: string }
  | { readonly kind: 'digits-collected'; readonly digits: string }
  | { readonly kind: 'timeout'; readonly timer: number }
  | { readonly kind: 'hours'; readonly open: boolean }
  | { readonly kind: 'caller-hung-up' };

export type TransferTarget = { readonly number: string } | { readonly agent: string };

/** Commands that end the flow; exactly one is given, last, unless the caller hangs up first. */
export type FlowEndCommand =
  | {
      readonly kind: 'enqueue';
      readonly queue: string;
      readonly skills: readonly SkillRequirement[];
      readonly attributes: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'transfer';
      readonly to: TransferTarget;
      readonly attributes: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'callback';
      readonly queue: string;
      readonly attributes: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'voicemail';
      readonly mailbox: string;
      readonly attributes: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'hang-up'; readonly reason: 'flow' | 'step-limit' };

export type FlowCommand =
  | {
      readonly kind: 'play';
      readonly playback: number;
      /** Texts to speak one after the other, with no gap (prompt files by text and voice). */
      readonly prompts: readonly string[];
      readonly voice: string;
      /** A key press stops the prompts (the host sends stop-prompts when it does). */
      readonly bargeIn: boolean;
    }
  | { readonly kind: 'stop-prompts'; readonly playback: number }
  | {
      readonly kind: 'collect-digits';
      readonly maxDigits: number;
      readonly terminator: string | null;
      readonly timeoutMs: number;
    }
  | { readonly kind: 'start-timer'; readonly timer: number; readonly ms: number }
  | {
      readonly kind: 'check-hours';
      /** The step's own hours, or null: look up `queue`'s. */
      readonly hours: BusinessHours | null;
      readonly queue: string | null;
    }
  | FlowEndCommand;

export const END_COMMAND_KINDS: readonly FlowEndCommand['kind'][] = [
  'enqueue',
  'transfer',
  'callback',
  'voicemail',
  'hang-up',
];

export function isEndCommand(command: FlowCommand): command is FlowEndCommand {
  return (END_COMMAND_KINDS as readonly string[]).includes(command.kind);
}

export type FlowStepOutcome =
  | 'played'
  | 'interrupted'
  | 'chose'
  | 'invalid'
  | 'no-input'
  | 'too-short'
  | 'failed'
  | 'collected'
  | 'open'
  | 'closed'
  | 'set'
  | 'enqueued'
  | 'transferred'
  | 'callback'
  | 'voicemail'
  | 'hung-up'
  | 'caller-hung-up'
  | 'step-limit';

/** One line of the call's record: what a step did, and what the caller chose there. */
export interface FlowJournalEntry {
  /** From the runner's clock (milliseconds since the epoch by default). */
  readonly at: number;
  readonly stepId: string;
  readonly kind: FlowStepKind;
  readonly outcome: FlowStepOutcome;
  /** The menu key the caller pressed (a valid choice or not). */
  readonly choice?: string;
  /** What a collect step gathered; masked with `*` when the step is sensitive. */
  readonly digits?: string;
  /** 1 for the first try of a menu or collect step, 2 for the first retry... */
  readonly attempt?: number;
  /** The step the caller went on to. */
  readonly to?: string;
}

export interface FlowRunnerOptions {
  /** Milliseconds since the epoch for journal entries. */
  now?: () => number;
}
