/**
 * The call-history part of the IPC contract (`../ipc-contract.std.ts` spreads these in): what the page may
 * ask of the desktop's local history store, checked with zod in the main process, and the status it gets
 * back. Kept in its own file so that the shared contract grows by a few lines only.
 *
 * The page opens the history for the signed-in agent (the password stays in the main process's memory for
 * the sync, never on disk), reads and searches it, edits notes and dispositions (shown at once, sent by the
 * outbox), and closes it at sign-out, optionally wiping this computer's copy.
 */
import { z } from 'zod';
import { DISPOSITION_MAX_LENGTH, NOTE_MAX_LENGTH } from '../../server/api/history-api-types.js';
import { historyOutcomes } from './history-query-types.std.js';

/** The local store answers at most this many calls per page or search (`local-history-store.node.ts`). */
export const historyPageMax = 500;
const callIdSchema = z.string().min(1).max(128);

export const historyInputSchemas = {
  open: z.strictObject({
    username: z.string().min(1).max(128),
    password: z.string().min(1).max(1024),
  }),
  query: z.strictObject({
    filter: z.strictObject({
      text: z.string().max(256),
      startedFrom: z.iso.datetime({ offset: true }).optional(),
      startedBefore: z.iso.datetime({ offset: true }).optional(),
      direction: z.enum(['inbound', 'outbound', 'internal']).optional(),
      queue: z.string().min(1).max(256).optional(),
      outcome: z.enum(historyOutcomes).optional(),
      disposition: z.string().min(1).max(DISPOSITION_MAX_LENGTH).optional(),
    }),
    /** Calls to skip (infinite scroll asks for the next page from where it is). */
    offset: z.number().int().min(0).max(100_000_000),
    limit: z.number().int().min(1).max(historyPageMax),
  }),
  get: z.strictObject({ callId: callIdSchema }),
  edit: z
    .strictObject({
      callId: callIdSchema,
      note: z.string().max(NOTE_MAX_LENGTH).optional(),
      disposition: z.string().max(DISPOSITION_MAX_LENGTH).optional(),
    })
    .refine((edit) => edit.note !== undefined || edit.disposition !== undefined, {
      message: 'an edit needs a note, a disposition or both',
    }),
  markConflictsSeen: z.strictObject({ ids: z.array(z.number().int().positive()).max(1000) }),
  /** `wipe`: delete this computer's copy of the agent's history (signing out on a shared desk). */
  close: z.strictObject({ wipe: z.boolean() }),
} as const;

export type HistoryQueryInput = z.output<typeof historyInputSchemas.query>;
export type HistoryOpenInput = z.output<typeof historyInputSchemas.open>;
export type HistoryEditInput = z.output<typeof historyInputSchemas.edit>;
