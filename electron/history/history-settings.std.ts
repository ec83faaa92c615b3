import { z } from 'zod';

/**
 * How this computer keeps the local call history; IT sets these in the pre-configured `settings.json`
 * (shared desks wipe at sign-out; small disks keep less).
 */
export const localHistorySettingsSchema = z.strictObject({
  /** Delete this computer's copy of the agent's history whenever they sign out. */
  wipeAtSignOut: z.boolean().default(false),
  /** The most the history may take on disk; the oldest calls go first. */
  maxMegabytes: z.number().int().min(16).max(1_048_576).default(1024),
});

export type LocalHistorySettings = z.output<typeof localHistorySettingsSchema>;

export const defaultLocalHistorySettings: LocalHistorySettings = { wipeAtSignOut: false, maxMegabytes: 1024 };
